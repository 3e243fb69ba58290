import { formatDuration } from "@/components/recordings/format";
import { sessionSentence } from "@/components/recordings/session-sentence";
import type { SessionRecord } from "@/lib/data/sessions";
import type { NewIssue } from "./trackers";

/**
 * What an issue created from a recording says: the session summary, the person, the browser and
 * OS, the last errors before the moment, and the link to the recording at that moment. Nothing
 * else of the recording leaves Rewind (no page content, no event properties): docs/INTEGRATIONS.md.
 */

export interface IssueFacts {
  session: SessionRecord;
  atMs: number;
  /** Exceptions up to the moment, oldest first; the last few are sent. */
  errors: { at: number; message: string }[];
  link: string;
  /** The comment the issue was made from, if any. */
  comment: { author: string; text: string } | null;
}

export const MAX_ERRORS_SENT = 5;
const MAX_ERROR_CHARS = 300;

export const clockOf = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** The title offered in the dialog (editable). */
export function defaultIssueTitle(session: SessionRecord, atMs: number): string {
  const f = session.fields;
  const what = f.firstError ? `“${f.firstError.slice(0, 80)}”` : "Problem";
  const where = f.lastPath ?? f.firstErrorPath ?? "";
  return `${what}${where ? ` on ${where}` : ""} (recording at ${clockOf(atMs)})`.slice(0, 250);
}

function lines(facts: IssueFacts) {
  const f = facts.session.fields;
  const moment = facts.session.startedAt + facts.atMs;
  const errors = facts.errors
    .filter((e) => e.at <= moment)
    .slice(-MAX_ERRORS_SENT)
    .map((e) => ({
      at: clockOf(e.at - facts.session.startedAt),
      message: e.message.slice(0, MAX_ERROR_CHARS),
    }));
  return {
    summary: sessionSentence(f, facts.session.durationMs),
    person: f.distinctId || "anonymous",
    device: [f.browser, f.os, f.device].filter(Boolean).join(" · ") || "unknown",
    errors,
    at: clockOf(facts.atMs),
    duration: formatDuration(facts.session.durationMs),
  };
}

const code = (t: string) => `\`${t.replace(/`/g, "'").replace(/\s+/g, " ")}\``;

export function issueContent(title: string, facts: IssueFacts): NewIssue {
  const l = lines(facts);
  const md = [
    `**Recording:** [watch at ${l.at}](${facts.link}) (${l.duration} in all)`,
    "",
    `**What happened:** ${l.summary}`,
    `**Person:** ${l.person}`,
    `**Browser / OS:** ${l.device}`,
    "",
    l.errors.length ? `**Last errors before ${l.at}:**` : `**No errors before ${l.at}.**`,
    ...l.errors.map((e) => `- ${e.at} ${code(e.message)}`),
    ...(facts.comment
      ? ["", `**Comment by ${facts.comment.author}:**`, `> ${facts.comment.text.replace(/\n/g, "\n> ")}`]
      : []),
    "",
    "_Created from a Rewind recording._",
  ].join("\n");

  const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks && { marks }) });
  const strong = [{ type: "strong" }];
  const para = (...content: unknown[]) => ({ type: "paragraph", content });
  const adf = {
    version: 1,
    type: "doc",
    content: [
      para(
        text("Recording: ", strong),
        text(`watch at ${l.at}`, [{ type: "link", attrs: { href: facts.link } }]),
        text(` (${l.duration} in all)`),
      ),
      para(text("What happened: ", strong), text(l.summary)),
      para(text("Person: ", strong), text(l.person)),
      para(text("Browser / OS: ", strong), text(l.device)),
      para(text(l.errors.length ? `Last errors before ${l.at}:` : `No errors before ${l.at}.`, strong)),
      ...(l.errors.length
        ? [
            {
              type: "bulletList",
              content: l.errors.map((e) => ({
                type: "listItem",
                content: [para(text(`${e.at} `), text(e.message || "(no message)", [{ type: "code" }]))],
              })),
            },
          ]
        : []),
      ...(facts.comment
        ? [
            para(text(`Comment by ${facts.comment.author}:`, strong)),
            { type: "blockquote", content: [para(text(facts.comment.text || " "))] },
          ]
        : []),
      para(text("Created from a Rewind recording.", [{ type: "em" }])),
    ],
  };
  return { title, markdown: md, adf };
}
