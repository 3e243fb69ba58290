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

/** Whether a path begins with these steps (`*` any one page); `exact`: and has no page after them. */
export function pathStartsWith(path: string[], steps: string[], exact: boolean): boolean {
  if (path.length < steps.length || (exact && path.length !== steps.length)) return false;
  return steps.every((step, i) => step === "*" || path[i]!.toLowerCase() === typedPath(step).toLowerCase());
}
