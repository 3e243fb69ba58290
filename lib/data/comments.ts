import { z } from "zod";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { readJsonField, readJsonHash } from "./json-hash";
import { sessionKeys } from "./session-keys";

/** Comments teammates leave on a recording at a moment of it (milliseconds from its start). */

const commentRecord = z.object({
  id: z.string(),
  userId: z.string(),
  author: z.string(),
  atMs: z.number(),
  text: z.string(),
  createdAt: z.number(),
  updatedAt: z.number().optional(),
});
export type Comment = z.infer<typeof commentRecord>;

export const MAX_COMMENTS_PER_SESSION = 500;

export async function listComments(ws: string, sid: string): Promise<Comment[]> {
  return (await readJsonHash(sessionKeys.comments(ws, sid), commentRecord, "comment")).sort(
    (a, b) => a.atMs - b.atMs || a.createdAt - b.createdAt,
  );
}

export async function getComment(ws: string, sid: string, id: string): Promise<Comment | null> {
  return readJsonField(sessionKeys.comments(ws, sid), id, commentRecord, "comment");
}

export async function countComments(ws: string, sid: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(sessionKeys.comments(ws, sid))).length;
}

export async function addComment(
  ws: string,
  sid: string,
  input: { userId: string; author: string; atMs: number; text: string },
): Promise<Comment> {
  const comment: Comment = { id: newId("c"), createdAt: Date.now(), ...input };
  await (await kv()).hset(sessionKeys.comments(ws, sid), { [comment.id]: JSON.stringify(comment) });
  return comment;
}

export async function updateComment(
  ws: string,
  sid: string,
  comment: Comment,
  text: string,
): Promise<Comment> {
  const next: Comment = { ...comment, text, updatedAt: Date.now() };
  await (await kv()).hset(sessionKeys.comments(ws, sid), { [comment.id]: JSON.stringify(next) });
  return next;
}

export async function deleteComment(ws: string, sid: string, id: string): Promise<void> {
  await (await kv()).hdel(sessionKeys.comments(ws, sid), id);
}
