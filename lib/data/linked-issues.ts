import { z } from "zod";
import { kv } from "@/lib/storage/kv";
import { readJsonHash } from "./json-hash";
import { sessionKeys } from "./session-keys";

/** Issues created in GitHub, Linear or Jira from a recording, shown on it (deleted with it). */

const linkedIssueRecord = z.object({
  id: z.string(),
  provider: z.enum(["github", "linear", "jira"]),
  /** "#42", "ENG-12", "WEB-7". */
  key: z.string(),
  url: z.string(),
  title: z.string(),
  /** The moment of the recording the issue points at (ms from its start). */
  atMs: z.number(),
  commentId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type LinkedIssue = z.infer<typeof linkedIssueRecord>;

export const MAX_LINKED_ISSUES = 100;

export async function listLinkedIssues(ws: string, sid: string): Promise<LinkedIssue[]> {
  return (await readJsonHash(sessionKeys.issues(ws, sid), linkedIssueRecord, "linked issue")).sort(
    (a, b) => a.createdAt - b.createdAt,
  );
}

export async function countLinkedIssues(ws: string, sid: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(sessionKeys.issues(ws, sid))).length;
}

export async function linkIssue(ws: string, sid: string, issue: LinkedIssue): Promise<void> {
  await (await kv()).hset(sessionKeys.issues(ws, sid), { [issue.id]: JSON.stringify(issue) });
}
