import type { RewindOptions } from "./types";

/**
 * The options a script tag carries as data-* attributes (docs/SDK.md): data-sample-rate="0.5" is
 * `sampleRate: 0.5`. Lists are separated by spaces; a value that does not parse is left out, so
 * the default (or the workspace's setting) applies. data-vitals, data-forms and data-click-offsets
 * are read by the recorder (sdk/src/recorder-entry.ts), not here: every byte here loads on every page.
 */

const NUMBERS = [
  "level",
  "sampleRate",
  "errorSampleRate",
  "minDurationMs",
  "idleTimeoutMs",
  "maxDurationMs",
  "flushIntervalMs",
];
const TEXTS = ["apiHost", "maskTextSelector", "unmaskTextSelector", "blockSelector", "sessionId"];

const list = (text: string) => text.split(/\s+/).filter(Boolean);
/** A present attribute is on unless it says "false": data-debug and data-debug="true" alike. */
const flag = (text: string) => text !== "false";

export function scriptOptions(data: DOMStringMap): RewindOptions {
  const o: Record<string, unknown> = {};
  for (const k of TEXTS) if (data[k]) o[k] = data[k];
  for (const k of NUMBERS) if (data[k] && Number.isFinite(+data[k]!)) o[k] = +data[k]!;
  for (const k of ["requireConsent", "debug", "recordCanvas"]) if (data[k] != null) o[k] = flag(data[k]!);
  if (data.blockUrls) o.blockUrls = list(data.blockUrls);
  const { console: levels, network, blockPersons } = data;
  // data-console="warn error": those levels; data-network="headers bodies": with those.
  const on = (v: string) => /^(true|)$/.test(v);
  if (levels != null) o.console = on(levels) || (flag(levels) && { levels: list(levels) });
  if (network != null)
    o.network =
      on(network) || (flag(network) && { headers: /headers/.test(network), bodies: /bodies/.test(network) });
  if (blockPersons) {
    try {
      o.blockPersons = (JSON.parse(blockPersons) as unknown[]).filter(
        (r): r is object => typeof (r as { property?: unknown })?.property === "string",
      );
    } catch {}
  }
  return o as RewindOptions;
}
