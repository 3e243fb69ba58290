import { gzipSync } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { TtlCache } from "@/lib/cache";
import { chunkKey, putChunk } from "@/lib/data/chunks";
import { resolveProjectKey } from "@/lib/data/keys";
import { isAnonymousId, mergePersons } from "@/lib/data/persons";
import { applyBatch, claimBatch, releaseBatch, sessionState } from "@/lib/data/sessions";
import { getRecordingSettings, type RecordingSettings } from "@/lib/data/settings";
import { getWorkspace, type Workspace } from "@/lib/data/workspaces";
import { env } from "@/lib/env";
import { hit } from "@/lib/ratelimit";
import { decodeBody, parseJson, readCapped } from "./body";
import { countryOf, parseDevice } from "./device";
import { batchEnvelope } from "./schema";
import { summarizeBatch } from "./summarize";

/** Batches a project key may send per window before 429. */
export const INGEST_LIMIT = { scope: "ingest:key", max: 3000, windowMs: 60_000 };

export type IngestResult = { ok: true; duplicate?: boolean; recorded?: boolean };

/**
 * Every batch needs its key's workspace and settings; caching them for a few seconds spares three
 * store round trips per batch. A settings change or a revoked key takes effect within the TTL.
 */
const INGEST_CACHE_MS = 5_000;
const keyCache = new TtlCache<string | null>(INGEST_CACHE_MS);
const workspaceCache = new TtlCache<{ workspace: Workspace | null; settings: RecordingSettings }>(
  INGEST_CACHE_MS,
);

/** Drops what this process cached for a workspace, so a change made here applies to the next batch. */
export function forgetIngestCache(workspaceId: string): void {
  workspaceCache.delete(workspaceId);
}

function originAllowed(origin: string | null, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  if (!origin) return false;
  return allowed.some((pattern) => {
    if (pattern === origin) return true;
    const wildcard = /^(https?:\/\/)\*\.(.+)$/.exec(pattern);
    return wildcard ? origin.startsWith(wildcard[1]!) && origin.endsWith(`.${wildcard[2]}`) : false;
  });
}

/**
 * Stores one SDK batch: validate everything first, then write the chunk blob, then the indexes
 * (one MULTI that also marks the batch done). A retry of a stored batch is a no-op success; a
 * crash between the steps is repaired by the SDK's retry, as both steps are idempotent.
 */
export async function ingestBatch(request: Request): Promise<IngestResult> {
  const key = new URL(request.url).searchParams.get("k") ?? "";
  if (!key)
    throw new ApiError("unauthorized", "Missing project key: send it as ?k=pk_… (Settings → API keys).");
  const workspaceId = await keyCache.get(key, () => resolveProjectKey(key));
  if (!workspaceId) {
    throw new ApiError(
      "unauthorized",
      "Unknown project key. It may have been rotated out; copy the current one from Settings → API keys.",
    );
  }
  if ((await hit(INGEST_LIMIT, key)).over) {
    throw new ApiError("rate_limited", "Too many batches for this project key; slow down.", {
      "Retry-After": "10",
    });
  }
  const limit = env().INGEST_MAX_BYTES;
  const bytes = await readCapped(request, limit);
  const { text, compressed } = decodeBody(bytes, limit);
  const parsed = batchEnvelope.safeParse(parseJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError("bad_request", `Invalid batch: ${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const batch = parsed.data;
  const { workspace, settings } = await workspaceCache.get(workspaceId, async () => {
    const [w, s] = await Promise.all([getWorkspace(workspaceId), getRecordingSettings(workspaceId)]);
    return { workspace: w, settings: s };
  });
  if (!workspace) throw new ApiError("unauthorized", "This project key's workspace no longer exists.");
  if (!originAllowed(request.headers.get("origin"), settings.allowedOrigins)) {
    throw new ApiError("forbidden", "This site's origin is not in the workspace's allowed origins.");
  }
  if (!settings.enabled) return { ok: true, recorded: false };
  // The SDK sends a session's batches one at a time, so the carry read here is the latest.
  const state = await sessionState(workspaceId, batch.sessionId, workspace.retentionDays, batch.distinctId);
  const summary = summarizeBatch(batch.events, settings.thresholds, state.carry);

  const claim = await claimBatch(workspaceId, batch.batchId);
  if (claim === "done") return { ok: true, duplicate: true };
  if (claim === "busy")
    throw new ApiError("unavailable", "This batch is being stored by another request; retry shortly.", {
      "Retry-After": "1",
    });
  try {
    const { retentionDays } = state;
    const blobKey = chunkKey({
      retentionDays,
      workspaceId,
      sessionId: batch.sessionId,
      firstTs: summary.firstTs,
      batchId: batch.batchId,
    });
    const gzipped = compressed ? bytes : gzipSync(text, { level: 4 });
    await putChunk(blobKey, gzipped);
    if (summary.identified) {
      // identify() joins what was recorded anonymously (this session so far, earlier visits) to the
      // person; before the batch is marked done, so a crash here is repaired by the SDK's retry.
      const person = summary.identified.distinctId;
      const anonymous = [summary.identified.anonymousId, state.distinctId, batch.distinctId].filter(
        (id): id is string => !!id && id !== person && isAnonymousId(id),
      );
      for (const id of new Set(anonymous)) await mergePersons(workspaceId, id, person);
    }
    await applyBatch(
      {
        workspaceId,
        sessionId: batch.sessionId,
        windowId: batch.windowId,
        // Batches still sent under an anonymous id that has since identified belong to the person.
        distinctId: state.aliasOf ?? batch.distinctId,
        batchId: batch.batchId,
        seq: batch.seq,
        sdk: batch.sdk,
        device: parseDevice(request.headers.get("user-agent")),
        country: countryOf(request.headers),
        retentionDays,
        chunkKey: blobKey,
        sizeBytes: gzipped.byteLength,
      },
      summary,
    );
  } catch (error) {
    await releaseBatch(workspaceId, batch.batchId).catch(() => {});
    throw error;
  }
  return { ok: true };
}
