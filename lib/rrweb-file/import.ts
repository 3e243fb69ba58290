import { ApiError } from "@/lib/api/errors";
import { getProjectKey } from "@/lib/data/keys";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { decodeBody, parseJson, readCapped } from "@/lib/ingest/body";
import { ingestBatch } from "@/lib/ingest/ingest";
import { checkNesting } from "@/lib/ingest/limits";
import { rrwebEvent } from "@/lib/ingest/schema";
import type { Batch, WireEvent } from "@/sdk/src/wire";
import { splitEvents } from "./split";

export interface ImportResult {
  sessionId: string;
  events: number;
  batches: number;
}

/** The events of an rrweb file: a JSON array, or `{ events: [...] }` as some tools save it. */
function eventsOf(body: unknown): unknown[] {
  const list = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(list)) {
    throw new ApiError("bad_request", "An rrweb file is a JSON array of events (or { events: [...] }).");
  }
  if (list.length === 0) throw new ApiError("bad_request", "The file holds no events.");
  return list;
}

/** Every event checked with ingest's own schema, naming the first bad one. */
function validated(list: unknown[]): WireEvent[] {
  const events: WireEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const parsed = rrwebEvent.safeParse(list[i]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError(
        "bad_request",
        `Event ${i}: ${[...issue.path].join(".") || "event"}: ${issue.message}`,
      );
    }
    events.push(parsed.data as WireEvent);
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** An import goes to ingest in batches of about this much JSON, as an SDK's would. */
const IMPORT_BATCH_BYTES = 512 * 1024;

/**
 * Imports an rrweb events file (JSON or gzipped JSON, at most the ingest body limit once inflated)
 * as a new recording: split into batches that go through our own ingest, so the recording gets the
 * aggregates and signals a recorded one gets, under the same caps.
 */
export async function importRecording(
  workspaceId: string,
  request: Request,
  person?: string | null,
): Promise<ImportResult> {
  const limit = env().INGEST_MAX_BYTES;
  const bytes = await readCapped(request, limit);
  const { text } = decodeBody(bytes, limit);
  checkNesting(text);
  const events = validated(eventsOf(parseJson(text)));
  const parts = splitEvents(events, Math.min(IMPORT_BATCH_BYTES, Math.floor(limit * 0.9)));
  const sessionId = newId("imp");
  const distinctId = person?.trim() || `anon-${sessionId}`;
  if (distinctId.length > 200) throw new ApiError("bad_request", "person: at most 200 characters.");
  const key = (await getProjectKey(workspaceId)).current;
  for (let seq = 0; seq < parts.length; seq++) {
    const batch: Batch = {
      v: 1,
      sdk: "rrweb-import",
      sessionId,
      distinctId,
      batchId: `import-${seq}`,
      seq,
      events: parts[seq]!,
    };
    const url = new URL("/api/v1/ingest", request.url);
    url.searchParams.set("k", key);
    const result = await ingestBatch(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(batch),
      }),
      { fromDashboard: true },
    );
    if (result.recorded === false) {
      throw new ApiError(
        "conflict",
        "Recording is turned off in this workspace's settings; turn it on to import.",
      );
    }
  }
  return { sessionId, events: events.length, batches: parts.length };
}
