import type { Device } from "@/lib/ingest/device";
import type { CapturedEvent, SignalKind } from "@/lib/ingest/summarize";
import { kv } from "@/lib/storage/kv";
import { pathOf } from "@/lib/url-path";
import { queueBulkRollups } from "./analytics-rollup";
import { queueEventWrites } from "./events";
import { queuePersonWrites } from "./persons";
import { type Facet, SORTS, type SortDimension, sessionKeys } from "./session-keys";

/**
 * Whole sessions written in large pipelines, for benchmarks that need a million of them (ingest's
 * path, one MULTI and its follow-ups per batch, seeds ~30 sessions/s on a busy 2-core box). The
 * same records a session's single batch leaves — hash fields, start and end, sort and filter
 * indexes, events, person, analytics rollups — without chunks, blobs, batch claims, heatmaps,
 * vitals or the pickers' catalogs. Not atomic per session: only for a workspace nothing else writes.
 */
export interface BulkSession {
  id: string;
  distinctId: string;
  startedAt: number;
  endedAt: number;
  device: Device;
  country: string;
  retentionDays: number;
  /** Page views in order (full URLs). */
  pages: { url: string; at: number }[];
  /** Hash counters as ingest names them: pageCount, errorCount, clickCount, activeMs … */
  counters: Record<string, number>;
  events: CapturedEvent[];
  signals: SignalKind[];
  properties?: Record<string, string>;
  interactionMs?: number;
  viewport?: string;
}

export async function bulkWriteSessions(ws: string, sessions: BulkSession[]): Promise<void> {
  const store = await kv();
  const p = store.pipeline();
  for (const s of sessions) {
    const key = sessionKeys.session(ws, s.id);
    const fields: Record<string, string | number> = {
      distinctId: s.distinctId,
      browser: s.device.browser,
      os: s.device.os,
      device: s.device.device,
      country: s.country,
      retentionDays: s.retentionDays,
      sdkVersion: "bulk",
      chunkCount: 0,
      ...s.counters,
    };
    if (s.pages[0]) fields.firstUrl = s.pages[0].url;
    if (s.pages.length) fields.lastPath = pathOf(s.pages.at(-1)!.url);
    if (s.viewport) fields.viewport = s.viewport;
    if (s.interactionMs !== undefined) fields.interactionMs = s.interactionMs;
    p.hset(key, fields);
    p.zadd(sessionKeys.started(ws), { score: s.startedAt, member: s.id });
    p.zadd(sessionKeys.ended(ws), { score: s.endedAt, member: s.id });
    const n = (f: string) => s.counters[f] ?? 0;
    const sorts: Record<SortDimension, number> = {
      duration: s.endedAt - s.startedAt,
      active: n("activeMs"),
      pages: n("pageCount"),
      errors: n("errorCount"),
      signals: s.signals.length,
    };
    for (const dim of SORTS) p.zadd(sessionKeys.by(ws, dim), { score: sorts[dim], member: s.id });
    const facets: [Facet, string][] = [
      ["person", s.distinctId],
      ["browser", s.device.browser],
      ["os", s.device.os],
      ["device", s.device.device],
      ["country", s.country],
      ...[...new Set(s.pages.map((pg) => pathOf(pg.url)))].map((u): [Facet, string] => ["url", u]),
      ...[...new Set(s.events.map((e) => e.name).filter((e) => !e.startsWith("$")))].map(
        (e): [Facet, string] => ["event", e],
      ),
      ...[...new Set(s.signals)].map((k): [Facet, string] => ["signal", k]),
    ];
    if (n("errorCount")) facets.push(["has", "errors"]);
    if (n("consoleErrorCount")) facets.push(["has", "console_errors"]);
    const indexKeys = [
      ...facets.map(([facet, value]) => sessionKeys.index(ws, facet, value)),
      sessionKeys.retention(ws, s.retentionDays),
    ];
    for (const k of indexKeys) p.zadd(k, { score: s.startedAt, member: s.id });
    p.sadd(sessionKeys.indexed(ws, s.id), indexKeys);
    p.sadd(sessionKeys.retentionClasses(ws), String(s.retentionDays));
    if (s.pages.length)
      p.sadd(
        sessionKeys.urls(ws, s.id),
        s.pages.map((pg) => pg.url),
      );
    queuePersonWrites(p, {
      ws,
      distinctId: s.distinctId,
      firstTs: s.startedAt,
      lastTs: s.endedAt,
      properties: s.properties,
    });
    if (s.events.length)
      queueEventWrites(p, {
        ws,
        sessionId: s.id,
        distinctId: s.distinctId,
        batchId: `bulk-${s.id}`,
        events: s.events,
      });
  }
  queueBulkRollups(
    p,
    ws,
    sessions.map((s) => ({
      id: s.id,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      fields: {
        distinctId: s.distinctId,
        pageCount: s.counters.pageCount ?? 0,
        errorCount: s.counters.errorCount ?? 0,
        interactionMs: s.interactionMs,
        device: s.device.device,
        browser: s.device.browser,
        country: s.country,
      },
    })),
  );
  await p.exec();
}
