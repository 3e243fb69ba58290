/**
 * The @imports of a stylesheet the server fetched, inlined: a sheet the recorder could not read
 * often loads others (`@import url(theme.css)`), which the replay could not load either (they are
 * cross-origin without CORS too, or gone by the time of the replay). Each imported sheet is
 * fetched through the same guard and store as its parent (`load`), up to MAX_IMPORT_DEPTH levels
 * and MAX_IMPORTED_SHEETS sheets,
 * and its text takes the @import's place, inside the @media / @supports / @layer its conditions
 * name. An import that cannot be loaded, or would take the sheet past its size cap, stays as it was.
 */

export const MAX_IMPORT_DEPTH = 3;
/** Imported sheets one fetched stylesheet may load in all (its imports, theirs…), fetched level by level in parallel. */
export const MAX_IMPORTED_SHEETS = 20;

/** `@import url("…") conditions;` — the shape absoluteCssUrls gives every @import of a fetched sheet. */
const IMPORT = /@import\s+url\(\s*"([^"]*)"\s*\)\s*([^;]*);/g;

/** The rule an imported sheet is wrapped in so its conditions still apply. */
export function wrapImported(css: string, conditions: string): string {
  let rest = conditions.trim();
  let text = css.replace(/@charset\s+"[^"]*"\s*;/gi, "");
  let layer: string | null = null;
  const named = /^layer\(\s*([^)]*)\)\s*/i.exec(rest);
  if (named) {
    layer = named[1]!.trim();
    rest = rest.slice(named[0].length);
  } else if (/^layer(\s|$)/i.test(rest)) {
    layer = "";
    rest = rest.slice(5).trim();
  }
  let supports: string | null = null;
  if (/^supports\(/i.test(rest)) {
    // Balanced parentheses: supports((display: grid) and (gap: 1rem)).
    let depth = 0;
    let end = -1;
    for (let i = "supports".length; i < rest.length; i++) {
      if (rest[i] === "(") depth++;
      else if (rest[i] === ")" && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end > 0) {
      supports = rest.slice("supports(".length, end);
      rest = rest.slice(end + 1).trim();
    }
  }
  if (rest) text = `@media ${rest} {\n${text}\n}`;
  if (supports !== null) text = `@supports (${supports}) {\n${text}\n}`;
  if (layer !== null) text = `@layer ${layer ? `${layer} ` : ""}{\n${text}\n}`;
  return text;
}

/**
 * `css` with each http(s) @import replaced by the imported sheet's text (`load`, which inlines
 * that sheet's own imports one level deeper); stays within `maxBytes` of UTF-8 text.
 */
export async function inlineImports(
  css: string,
  load: (url: string) => Promise<string | undefined>,
  maxBytes: number,
): Promise<string> {
  const imports = [...css.matchAll(IMPORT)].filter((m) => /^https?:\/\//i.test(m[1]!));
  if (!imports.length) return css;
  // An import left as it was must still come before every rule to count: those go first.
  const kept: string[] = [];
  let out = "";
  let last = 0;
  let size = Buffer.byteLength(css, "utf8");
  // One sheet's imports load side by side: a slow site costs one time limit per level, not per import.
  const texts = await Promise.all(imports.map((m) => load(m[1]!)));
  for (const [i, m] of imports.entries()) {
    out += css.slice(last, m.index);
    last = m.index + m[0].length;
    const text = texts[i];
    const wrapped = text === undefined ? undefined : wrapImported(text, m[2]!);
    const grown =
      wrapped === undefined ? 0 : Buffer.byteLength(wrapped, "utf8") - Buffer.byteLength(m[0], "utf8");
    if (wrapped === undefined || size + grown > maxBytes) {
      kept.push(m[0]);
      continue;
    }
    size += grown;
    out += wrapped;
  }
  if (kept.length === imports.length) return css;
  out = (out + css.slice(last)).replace(/@charset\s+"[^"]*"\s*;/gi, "");
  return kept.length ? `${kept.join("\n")}\n${out}` : out;
}
