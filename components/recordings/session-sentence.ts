import type { SessionFields } from "@/lib/data/session-record";
import { formatDuration } from "./format";

/**
 * One sentence of what happened in a session, told from the facts ingest keeps on it (entry page,
 * referrer, the custom events sent most, first error and where, the first rage-clicked element
 * and its page, last page, counts): deterministic, so two rows that read alike are alike. "Came
 * from google.com to /pricing, viewed 4 pages, added to cart ×2, hit "PaymentError: declined" on
 * /checkout, rage-clicked “Pay” on /checkout, left from /checkout after 40s."
 */
export function sessionSentence(fields: SentenceFacts, durationMs: number): string {
  const n = (f: SentenceCount) => fields[f];
  const entry = pathOfUrl(fields.firstUrl);
  const parts: string[] = [];
  if (entry && fields.referrer) parts.push(`came from ${fields.referrer} to ${entry}`);
  else if (entry) parts.push(`landed on ${entry}`);
  else if (fields.referrer) parts.push(`came from ${fields.referrer}`);
  if (n("pageCount") > 1) parts.push(`viewed ${n("pageCount")} pages`);
  const events = (fields.topEvents ?? []).slice(0, EVENTS_TOLD).map(([name, count]) => {
    const words = clip(readableEventName(name), 40);
    return count > 1 ? `${words} ×${count}` : words;
  });
  if (events.length) parts.push(events.join(" and "));
  if (fields.firstError) {
    const where = fields.firstErrorPath ? ` on ${fields.firstErrorPath}` : "";
    const more = n("errorCount") > 1 ? ` (${n("errorCount")} errors in all)` : "";
    parts.push(`hit “${clip(fields.firstError, 60)}”${where}${more}`);
  } else if (n("errorCount")) parts.push(`hit ${plural(n("errorCount"), "error")}`);
  if (n("rageCount")) {
    const what = fields.firstRageLabel ? ` ${fields.firstRageLabel}` : "";
    const where = fields.firstRagePath ? ` on ${fields.firstRagePath}` : "";
    parts.push(`rage-clicked${what}${where}${n("rageCount") > 1 ? ` ${n("rageCount")} times` : ""}`);
  }
  if (n("deadCount")) parts.push(plural(n("deadCount"), "dead click"));
  if (n("errorclickCount") && !fields.firstError) parts.push(plural(n("errorclickCount"), "error click"));
  const last = fields.lastPath;
  const after = `after ${formatDuration(durationMs)}`;
  parts.push(last && n("pageCount") > 1 && last !== entry ? `left from ${last} ${after}` : `left ${after}`);
  const sentence = parts.join(", ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

type SentenceCount = "pageCount" | "errorCount" | "rageCount" | "deadCount" | "errorclickCount";
/** The facts the sentence is told from. */
export type SentenceFacts = Pick<
  SessionFields,
  | SentenceCount
  | "firstUrl"
  | "referrer"
  | "firstError"
  | "firstErrorPath"
  | "firstRagePath"
  | "firstRageLabel"
  | "lastPath"
> &
  Partial<Pick<SessionFields, "topEvents">>;

/** Custom events a sentence names: the two sent most (ingest keeps three). */
const EVENTS_TOLD = 2;

/** An event name in words: "added_to_cart" and "addedToCart" read "added to cart". */
export function readableEventName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.:/]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
  return words || name;
}

function pathOfUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return decodeURI(new URL(url).pathname);
  } catch {
    return null;
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
