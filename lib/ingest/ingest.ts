import { ApiError } from "@/lib/api/errors";
import { fromWebRequest, type PlainRequest } from "@/lib/api/plain";
import { TtlCache } from "@/lib/cache";
import { type BatchId, type Lease as ClaimLease, releaseBatch } from "@/lib/data/batch-claims";
import { chunkKey, putChunk } from "@/lib/data/chunks";
import { resolveProjectKey } from "@/lib/data/keys";
import { isAnonymousId, mergePersons } from "@/lib/data/persons";
import { noteRefusedBatch } from "@/lib/data/refused-batches";
import { applyBatch, claimWithState, type SessionState, sessionIndexGrowth } from "@/lib/data/sessions";
import { getRecordingSettings, type RecordingSettings } from "@/lib/data/settings";
import { getWorkspace, type Workspace } from "@/lib/data/workspaces";
import { env } from "@/lib/env";
import { noteBatchStored } from "@/lib/integrations/notify";
import { hit } from "@/lib/ratelimit";
import { readPlainCapped } from "./body";
import { parseDevice } from "./device";
import { checkSessionGrowth, formsToIndex, requestsToIndex } from "./limits";
import { countryOf } from "./location";
import { busy, serverIngestPool } from "./pool";
import { type BatchMeta, ownBuffer, type SummarizedBatch } from "./prepare";

/** Batches a project key may send per window before 429. */
export const INGEST_LIMIT = { scope: "ingest:key", max: 3000, windowMs: 60_000 };

/** The client went away before its body arrived: nobody is left to answer. */
export class ClientGone extends Error {
  constructor() {
    super("The client closed the connection before sending the whole batch.");
    this.name = "ClientGone";
  }
}

async function readBody(request: PlainRequest, limit: number): Promise<Uint8Array> {
  try {
    return await readPlainCapped(request, limit);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (request.aborted() || (error as Error).message === "aborted" || code === "ECONNRESET") {
      throw new ClientGone();
    }
    throw error;
  }
}

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
 * Stores one SDK batch: decode and validate it, claim it (with the session's state, one round
 * trip), summarize it and check the caps of ./limits, then write the chunk blob, then the indexes
 * (one MULTI that also marks the batch done). A retry of a stored
 * batch is a no-op success; a crash between the steps is repaired by the SDK's retry, as both
 * steps are idempotent, and the crashed request's claim lapses within a lease (batch-claims).
 */
export async function ingestBatch(
  request: Request,
  /** `fromDashboard`: a file a member imports (lib/rrweb-file), not a page: no origin to check. */
  options: { fromDashboard?: boolean } = {},
): Promise<IngestResult> {
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
  return ingestPlain(fromWebRequest(request), { workspaceId, key }, options);
}

/**
 * `ingestBatch` for a request whose key the caller already resolved (the ingest route's core,
 * lib/api/with-project-key.ts), read without web objects when it comes through the ingest layer.
 */
export async function ingestPlain(
  request: PlainRequest,
  { workspaceId, key }: { workspaceId: string; key: string },
  options: { fromDashboard?: boolean } = {},
): Promise<IngestResult> {
  if ((await hit(INGEST_LIMIT, key)).over) {
    throw new ApiError("rate_limited", "Too many batches for this project key; slow down.", {
      "Retry-After": "10",
    });
  }
  const pool = serverIngestPool();
  // Refused before the body is read, so a saturated server holds no more bodies than it can work on.
  if (pool.saturated()) throw busy();
  const limit = env().INGEST_MAX_BYTES;
  const bytes = await readBody(request, limit);
  const settingsRead = workspaceCache.get(workspaceId, async () => {
    const [w, s] = await Promise.all([getWorkspace(workspaceId), getRecordingSettings(workspaceId)]);
    return { workspace: w, settings: s };
  });
  settingsRead.catch(() => {});
  // Inflate, parse, validate (the body caps included) and summarize run on a worker thread;
  // between the two steps this thread claims the batch and reads what the summary needs, in one
  // round trip.
  const lease = await pool.lease();
  let claimLease: ClaimLease | undefined;
  let id: BatchId | undefined;
  let batchSeq: { window: string | null; seq: number | null } = { window: null, seq: null };
  try {
    // The body's buffer moves to the worker (no copy); a gzipped body comes back as the chunk to store.
    const owned = ownBuffer(bytes);
    const decoded = await lease.call({ type: "decode", bytes, limit }, owned ? [owned] : []);
    if (decoded.type !== "decoded") throw new Error(`ingest worker answered ${decoded.type} to decode`);
    const batch = decoded.meta;
    const { workspace, settings } = await settingsRead;
    if (!workspace) throw new ApiError("unauthorized", "This project key's workspace no longer exists.");
    if (!options.fromDashboard && !originAllowed(request.headers.get("origin"), settings.allowedOrigins)) {
      throw new ApiError("forbidden", "This site's origin is not in the workspace's allowed origins.");
    }
    if (!settings.enabled) return { ok: true, recorded: false };
    id = { ws: workspaceId, sessionId: batch.sessionId, batchId: batch.batchId, digest: batch.digest };
    batchSeq = { window: batch.windowId ?? null, seq: batch.seq ?? null };
    // The SDK sends a session's batches one at a time, so the carry read here is the latest.
    const { claim, state } = await claimWithState(id, workspace.retentionDays, batch.distinctId);
    if (claim.state === "done") return { ok: true, duplicate: true };
    if (claim.state === "conflict") {
      throw new ApiError(
        "conflict",
        `Batch ${batch.batchId} of session ${batch.sessionId} was already sent with other content. Send new content under a new batch id.`,
      );
    }
    if (claim.state === "busy")
      throw new ApiError("unavailable", "This batch is being stored by another request; retry shortly.", {
        "Retry-After": "1",
      });
    claimLease = claim.lease;
    const finished = await lease.call({
      type: "finish",
      thresholds: settings.thresholds,
      carry: state.carry,
    });
    if (finished.type !== "finished") throw new Error(`ingest worker answered ${finished.type} to finish`);
    lease.release();
    await store(request, id, batch, state, finished.result, claimLease);
  } catch (error) {
    if (id && claimLease) await releaseBatch(id, claimLease).catch(() => {});
    if (id) await noteRefused(id, batchSeq, error);
    throw error;
  } finally {
    lease.release();
  }
  return { ok: true };
}

/** Refusals the SDK cannot fix by retrying are kept with the session, for its health line. */
const KEPT_REFUSALS = new Set(["bad_request", "payload_too_large"]);

async function noteRefused(
  id: BatchId,
  batch: { window: string | null; seq: number | null },
  error: unknown,
): Promise<void> {
  if (!(error instanceof ApiError) || !KEPT_REFUSALS.has(error.code)) return;
  await noteRefusedBatch(id.ws, id.sessionId, {
    at: Date.now(),
    ...batch,
    code: error.code,
    message: error.message,
  }).catch(() => {});
}

/** Checks the session caps, writes the chunk blob, then the indexes in one MULTI that marks the batch done. */
async function store(
  request: PlainRequest,
  id: BatchId,
  batch: BatchMeta,
  state: SessionState,
  prepared: SummarizedBatch,
  claimLease: ClaimLease,
): Promise<void> {
  const workspaceId = id.ws;
  // The person the batch is indexed under (as applyBatch picks it). The session's own person is
  // indexed already, and a new session's first is within any cap: only another one is looked up.
  const person = prepared.summary.identified?.distinctId ?? state.aliasOf ?? batch.distinctId;
  const otherPerson = state.distinctId !== null && person !== state.distinctId ? person : null;
  const growth = await sessionIndexGrowth(workspaceId, batch.sessionId, prepared.growth, otherPerson);
  if (state.distinctId === null) growth.added.persons = 1;
  checkSessionGrowth(growth.added, growth.had);
  const indexed = requestsToIndex(prepared.summary.requests, growth.freshRequests, growth.had.requests);
  const forms = formsToIndex(prepared.summary.forms, growth.freshForms, growth.had.forms);
  const summary = { ...prepared.summary, requests: indexed.requests, forms: forms.forms };
  growth.added.requests = indexed.added;
  growth.added.forms = forms.added;
  const { retentionDays } = state;
  const blobKey = chunkKey({
    retentionDays,
    workspaceId,
    sessionId: batch.sessionId,
    firstTs: summary.firstTs,
    batchId: batch.batchId,
  });
  const gzipped = prepared.gzipped;
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
      digest: id.digest,
      added: growth.added,
    },
    summary,
    claimLease.held,
  );
  claimLease.stop();
  await noteBatchStored(workspaceId, batch.sessionId);
}
