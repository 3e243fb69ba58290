import { kv } from "@/lib/storage/kv";

/**
 * Pages through a sorted set from the highest score down, with a cursor `<score>:<member>` that
 * stays put when members are added above it. Members failing `accept` are skipped; reading stops
 * after `maxRead` members (then `truncated` is set).
 */
export async function pageByScore(
  key: string,
  opts: {
    limit: number;
    cursor?: string | null;
    accept?: (member: string) => boolean;
    maxRead?: number;
    /** A short stand-in for a long member in the cursor; it must sort as the member does. */
    keyOf?: (member: string) => string;
  },
): Promise<{ rows: { member: string; score: number }[]; nextCursor: string | null; truncated: boolean }> {
  const store = await kv();
  const accept = opts.accept ?? (() => true);
  const keyOf = opts.keyOf ?? ((m: string) => m);
  const maxRead = opts.maxRead ?? Number.POSITIVE_INFINITY;
  const cursor = parseScoreCursor(opts.cursor);
  const batch = Math.max(opts.limit * 2, 200);
  const found: { member: string; score: number }[] = [];
  let offset = 0;
  let read = 0;
  let truncated = false;
  for (;;) {
    const rows = await store.zrangeWithScores(key, {
      by: "score",
      min: "-inf",
      max: cursor ? cursor.score : "+inf",
      rev: true,
      offset,
      count: batch,
    });
    for (const row of rows) {
      // Within the cursor's score, members come in descending order: skip those already shown.
      if (cursor && row.score === cursor.score && keyOf(row.member) >= cursor.member) continue;
      if (++read > maxRead) {
        truncated = true;
        break;
      }
      if (accept(row.member)) found.push(row);
      if (found.length > opts.limit) break;
    }
    if (truncated || found.length > opts.limit || rows.length < batch) break;
    offset += batch;
  }
  const page = found.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: found.length > opts.limit && last ? `${last.score}:${keyOf(last.member)}` : null,
    truncated,
  };
}

function parseScoreCursor(raw: string | null | undefined): { score: number; member: string } | null {
  if (!raw) return null;
  const i = raw.indexOf(":");
  const score = Number(raw.slice(0, i));
  return i > 0 && Number.isFinite(score) ? { score, member: raw.slice(i + 1) } : null;
}
