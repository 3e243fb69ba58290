import { gzipSync, strFromU8, strToU8 } from "fflate";

/**
 * Bodies built the way posthog-js 1.449.2 builds them (node_modules/posthog-js/lib/src/request.js
 * and extensions/replay/external/lazy-loaded-session-recorder.js), with the same fflate calls.
 */

export const TOKEN_PLACEHOLDER = "pk_placeholder";

/** The `cv: "2024-10"` form: a full snapshot's data gzipped to a latin1 string. */
export function compressFullSnapshot(event: { type: number; timestamp: number; data: unknown }) {
  return { ...event, data: strFromU8(gzipSync(strToU8(JSON.stringify(event.data))), true), cv: "2024-10" };
}

/** A mutation's four lists, each gzipped to a latin1 string. */
export function compressMutation(event: { type: number; timestamp: number; data: Record<string, unknown> }) {
  const gz = (v: unknown) => strFromU8(gzipSync(strToU8(JSON.stringify(v))), true);
  const d = event.data;
  return {
    ...event,
    cv: "2024-10",
    data: {
      ...d,
      texts: gz(d.texts),
      attributes: gz(d.attributes),
      removes: gz(d.removes),
      adds: gz(d.adds),
    },
  };
}

/** `compression=gzip-js`: the JSON gzipped with mtime 0. */
export function gzipJs(value: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(strToU8(JSON.stringify(value)), { mtime: 0 }));
}

/** `compression=base64`: posthog's _base64Encode of the JSON, as a form field. */
export function base64Form(value: unknown): string {
  const json = JSON.stringify(value);
  const b64 = btoa(
    encodeURIComponent(json).replace(/%([0-9A-F]{2})/g, (_, p1) =>
      String.fromCharCode(Number.parseInt(p1, 16)),
    ),
  );
  return `data=${encodeURIComponent(b64)}`;
}

export interface PhOptions {
  token: string;
  sessionId: string;
  distinctId: string;
  identified?: boolean;
  windowId?: string;
}

/** A posthog-js event as `capture()` serializes it (the properties ingest reads, plus some noise). */
export function phEvent(
  o: PhOptions,
  event: string,
  at: number,
  properties: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    uuid: crypto.randomUUID(),
    event,
    properties: {
      $os: "Linux",
      $browser: "Chrome",
      $lib: "web",
      $lib_version: "1.449.2",
      $device_id: o.distinctId,
      $is_identified: o.identified ?? false,
      token: o.token,
      distinct_id: o.distinctId,
      $session_id: o.sessionId,
      $window_id: o.windowId ?? "win-1",
      ...properties,
    },
    timestamp: new Date(at).toISOString(),
  };
}

export function snapshotEvent(o: PhOptions, at: number, rrweb: unknown[]) {
  return phEvent(o, "$snapshot", at, {
    $snapshot_bytes: JSON.stringify(rrweb).length,
    $snapshot_data: rrweb,
    $lib: "web",
  });
}
