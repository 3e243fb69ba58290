import { createHash } from "node:crypto";

/**
 * Exceptions grouped the way people think of them: one group per kind of error at one place in the
 * code, whatever ids, numbers or quoted values its message carried that time.
 */

/** The first frame of a stack that names code (Chrome's "at f (url:1:2)", Firefox/Safari's "f@url:1:2"). */
export function topFrame(stack: unknown): string {
  if (typeof stack !== "string") return "";
  for (const line of stack.split("\n", 30)) {
    const t = line.trim();
    const chrome = /^at (?:(.+?) \()?(.+?):(\d+)(?::\d+)?\)?$/.exec(t);
    const gecko = /^(.*)@(.+?):(\d+)(?::\d+)?$/.exec(t);
    const m = chrome ?? gecko;
    if (!m) continue;
    const fn = (m[1] ?? "").trim() || "<anonymous>";
    return `${fn} (${fileOf(m[2]!)}:${m[3]})`.slice(0, 300);
  }
  return "";
}

/** A script's file name without its origin, query or fragment: builds and CDNs change the rest. */
function fileOf(url: string): string {
  const path = url.replace(/[?#].*$/, "");
  return path.slice(path.lastIndexOf("/") + 1) || path;
}

/** The message with what varies between occurrences (numbers, ids, quoted values, URLs) blanked. */
export function normalizeMessage(message: unknown): string {
  return String(message ?? "")
    .slice(0, 500)
    .replace(/https?:\/\/\S+/g, "<url>")
    .replace(/(["'`]).*?\1/g, "<value>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/\b0x[0-9a-f]+\b/gi, "<n>")
    .replace(/\b\d+(\.\d+)?\b/g, "<n>")
    .replace(/\s+/g, " ")
    .trim();
}

/** The group an exception belongs to: its normalised message and top frame. */
export function errorFingerprint(message: unknown, frame: string): string {
  return createHash("sha256")
    .update(`${normalizeMessage(message)}\n${frame}`)
    .digest("base64url")
    .slice(0, 16);
}

/** What `error:` is matched against at most: longer texts are cut, as the search box would show them. */
const SEARCH_TEXT_CHARS = 120;

/**
 * What `error:` searches for to find every occurrence of a message: the longest part of it that does
 * not vary between occurrences ("PaymentError: card" for "PaymentError: card 4242 declined"), or the
 * message itself when no such part is long enough or the normalised text is not in it word for word.
 */
export function errorSearchText(message: unknown): string {
  const raw = String(message ?? "");
  const longest = normalizeMessage(raw)
    .split(/<(?:url|value|id|n)>/)
    .map((part) => part.trim())
    .reduce((a, b) => (b.length > a.length ? b : a), "");
  if (longest.length >= 3 && raw.toLowerCase().includes(longest.toLowerCase()))
    return longest.slice(0, SEARCH_TEXT_CHARS);
  return raw.trim().slice(0, SEARCH_TEXT_CHARS);
}
