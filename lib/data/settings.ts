import { z } from "zod";
import { DEFAULT_THRESHOLDS } from "@/lib/ingest/summarize";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { endAllShares } from "./shares";

/** What a workspace records and how: read by ingest and served to SDKs as remote config. */

const thresholds = z.object({
  rageClicks: z.number().int().min(2).max(20),
  rageWindowMs: z.number().int().min(100).max(10_000),
  rageRadiusPx: z.number().int().min(1).max(500),
  deadClickMs: z.number().int().min(100).max(30_000),
  thrashReversals: z.number().int().min(2).max(50),
  thrashWindowMs: z.number().int().min(100).max(10_000),
  uturnMs: z.number().int().min(500).max(60_000),
  errorClickMs: z.number().int().min(100).max(10_000),
});

export const recordingSettings = z.object({
  enabled: z.boolean(),
  sampleRate: z.number().min(0).max(1),
  minDurationMs: z.number().int().min(0).max(600_000),
  errorSampleRate: z.number().min(0).max(1),
  idleTimeoutMs: z
    .number()
    .int()
    .min(60_000)
    .max(24 * 3600_000),
  maxDurationMs: z
    .number()
    .int()
    .min(60_000)
    .max(24 * 3600_000),
  /** A fresh full snapshot (a checkpoint the player can start from) after this much activity. */
  checkpointEveryMs: z.number().int().min(60_000).max(3600_000),
  /** "site": sessions are the site's own ids, passed as init(key, { sessionId }); nothing is recorded without one. */
  sessionIdSource: z.enum(["rewind", "site"]),
  masking: z.object({
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    maskTextSelector: z.string().max(2000).nullable(),
    unmaskTextSelector: z.string().max(2000).nullable(),
    blockSelector: z.string().max(2000).nullable(),
    blockUrls: z.array(z.string().max(500)).max(100),
    blockPersons: z
      .array(z.object({ property: z.string().min(1).max(100), value: z.string().max(500) }))
      .max(100),
  }),
  console: z.object({
    enabled: z.boolean(),
    levels: z.array(z.enum(["log", "info", "warn", "error", "debug", "assert"])),
  }),
  network: z.object({
    enabled: z.boolean(),
    headers: z.boolean(),
    bodies: z.boolean(),
    denylist: z.array(z.string().max(100)).max(100),
  }),
  /** Canvas frames, opt-in: sampled images of each recorded <canvas>, not its drawing calls. */
  canvas: z.object({
    enabled: z.boolean(),
    fps: z.number().min(0.2).max(10),
    quality: z.number().min(0.1).max(1),
  }),
  thresholds,
  allowedOrigins: z.array(z.string().max(300)).max(100),
});

export type RecordingSettings = z.infer<typeof recordingSettings>;

export const DEFAULT_SETTINGS: RecordingSettings = {
  enabled: true,
  sampleRate: 1,
  minDurationMs: 0,
  errorSampleRate: 0,
  idleTimeoutMs: 30 * 60_000,
  maxDurationMs: 24 * 3600_000,
  checkpointEveryMs: 5 * 60_000,
  sessionIdSource: "rewind",
  masking: {
    level: 1,
    maskTextSelector: null,
    unmaskTextSelector: null,
    blockSelector: null,
    blockUrls: [],
    blockPersons: [],
  },
  console: { enabled: false, levels: ["warn", "error", "assert"] },
  network: {
    enabled: false,
    headers: false,
    bodies: false,
    denylist: ["password", "token", "secret", "authorization", "cookie", "api_key", "apikey", "session"],
  },
  canvas: { enabled: false, fps: 2, quality: 0.6 },
  thresholds: DEFAULT_THRESHOLDS,
  allowedOrigins: [],
};

const key = (ws: string) => `{w:${ws}}:settings`;

const section = z.record(z.string(), z.unknown()).optional();

/**
 * Settings as stored: saved by this or an older version, so a field added since is absent and
 * takes its default (also inside the nested sections); what is there must fit.
 */
const storedRecordingSettings = z
  .looseObject({ masking: section, canvas: section, thresholds: section })
  .transform((stored) => ({
    ...DEFAULT_SETTINGS,
    ...stored,
    masking: { ...DEFAULT_SETTINGS.masking, ...stored.masking },
    canvas: { ...DEFAULT_SETTINGS.canvas, ...stored.canvas },
    thresholds: { ...DEFAULT_SETTINGS.thresholds, ...stored.thresholds },
  }))
  .pipe(recordingSettings);

export async function getRecordingSettings(ws: string): Promise<RecordingSettings> {
  const raw = await (await kv()).hget(key(ws), "recording");
  if (!raw) return DEFAULT_SETTINGS;
  return parseJsonRecord(storedRecordingSettings, `recording settings of ${ws}`, raw);
}

export async function saveRecordingSettings(ws: string, settings: RecordingSettings): Promise<void> {
  await (await kv()).hset(key(ws), { recording: JSON.stringify(recordingSettings.parse(settings)) });
}

/** Whether members may share outside the workspace, and whether links may never expire. */
export const sharingPolicy = z.object({ enabled: z.boolean(), allowNever: z.boolean() });
export type SharingPolicy = z.infer<typeof sharingPolicy>;
const SHARING_OFF: SharingPolicy = { enabled: false, allowNever: false };

export async function getSharingPolicy(ws: string): Promise<SharingPolicy> {
  const raw = await (await kv()).hget(key(ws), "sharing");
  return raw ? parseJsonRecord(sharingPolicy, `sharing policy of ${ws}`, raw) : SHARING_OFF;
}

/**
 * Saves the policy. Turning sharing off ends every link for good, and so does turning it on again
 * (in case an earlier "off" was interrupted): no link made before the switch ever works again.
 * Off is saved before the links end, so a link being made meanwhile either sees sharing off or
 * belongs to the epoch that ends.
 */
export async function saveSharingPolicy(ws: string, policy: SharingPolicy): Promise<void> {
  const wasEnabled = (await getSharingPolicy(ws)).enabled;
  const save = async () =>
    (await kv()).hset(key(ws), { sharing: JSON.stringify(sharingPolicy.parse(policy)) });
  if (!policy.enabled) {
    await save();
    await endAllShares(ws);
  } else {
    if (!wasEnabled) await endAllShares(ws);
    await save();
  }
}
