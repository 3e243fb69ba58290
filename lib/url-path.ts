/** A URL's path ("/checkout" of "https://shop.example/checkout?x=1"); anything unparsable as it is. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A path as typed in a search ("/café") in the form URLs carry it ("/caf%C3%A9"), as pathOf gives it. */
export function typedPath(path: string): string {
  if (!path.startsWith("/")) return path;
  try {
    return new URL(path, "http://path.invalid").pathname;
  } catch {
    return path;
  }
}

/** The pages of a visit in order with repeats in a row folded ("/a /a /b /a" → "/a /b /a"): a path. */
export function pathSequence(paths: string[]): string[] {
  return paths.filter((p, i) => i === 0 || paths[i - 1] !== p);
}

/** A `path:` search's first step meaning "any pages before": the steps then end where the visit first reached the last one. */
export const ANY_PAGES_BEFORE = "**";
/** A `path:` search's first step meaning "no page before": as `**`, with the visit beginning on the next step. */
export const VISIT_BEGAN = "^";

/**
 * Whether a visit's path (repeats in a row folded) matches a `path:` search's steps, `*` being any
 * one page. Plain steps begin at the visit's first page. After a leading `**` or `^` they are
 * counted back from the visit's first arrival at the last step's page instead (the paths that led
 * to a page), with any pages (`**`) or none (`^`) before them. `exact`: no page came after.
 */
export function pathMatches(path: string[], steps: string[], exact: boolean): boolean {
  const same = (page: string, step: string) =>
    step === "*" || page.toLowerCase() === typedPath(step).toLowerCase();
  const anchor = steps[0];
  if (anchor !== ANY_PAGES_BEFORE && anchor !== VISIT_BEGAN) {
    if (path.length < steps.length || (exact && path.length !== steps.length)) return false;
    return steps.every((step, i) => same(path[i]!, step));
  }
  const rest = steps.slice(1);
  // The parser makes the last step a page, never `*`.
  const arrival = path.findIndex((page) => same(page, rest.at(-1)!));
  if (arrival < 0 || (exact && arrival !== path.length - 1)) return false;
  const from = arrival - rest.length + 1;
  if (from < 0 || (anchor === VISIT_BEGAN && from !== 0)) return false;
  return rest.every((step, i) => same(path[from + i]!, step));
}
