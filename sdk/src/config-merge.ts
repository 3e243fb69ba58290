import type { RemoteConfig, RewindOptions } from "./types";

/**
 * What is captured is the stricter of the workspace's remote config and the page's own options:
 * fewer sessions, shorter, fewer console levels, no headers or bodies unless both allow them.
 * Neither side can loosen what the other set. Without a remote config (unreachable), the page's
 * options and our private defaults apply.
 */

export const DEFAULT_DENYLIST = [
  "password",
  "token",
  "secret",
  "authorization",
  "cookie",
  "api_key",
  "session",
];

export interface Capture {
  sampleRate: number;
  errorSampleRate: number;
  minDurationMs: number;
  maxDurationMs: number;
  console: { enabled: boolean; levels: string[] };
  network: { enabled: boolean; headers: boolean; bodies: boolean; denylist: string[] };
}

const rate = (x: unknown, fallback: number) => (typeof x === "number" && x >= 0 && x <= 1 ? x : fallback);
const defined = (...xs: (number | undefined)[]) => xs.filter((x): x is number => typeof x === "number");

export function mergeCapture(local: RewindOptions, remote: RemoteConfig | null): Capture {
  const localConsole = local.console;
  const localNetwork = typeof local.network === "object" ? local.network : {};
  // A capture runs only when no side turns it off and the workspace (when reachable) turns it on.
  const on = (localSide: unknown, remoteSide: boolean | undefined) =>
    localSide !== false && (remote ? Boolean(remoteSide) : localSide !== undefined);
  const consoleLevels =
    typeof localConsole === "object" && localConsole.levels
      ? localConsole.levels.filter((l) => !remote || (remote.console?.levels ?? []).includes(l))
      : (remote?.console?.levels ?? ["warn", "error", "assert"]);
  const networkOn = on(local.network, remote?.network?.enabled);
  const both = (l: boolean | undefined, r: boolean | undefined) =>
    networkOn && l !== false && (remote ? Boolean(r) && (l ?? true) : Boolean(l));
  const errorRates = defined(local.errorSampleRate, remote?.errorSampleRate).map((x) => rate(x, 0));
  return {
    sampleRate: Math.min(rate(local.sampleRate, 1), rate(remote?.sampleRate, 1)),
    errorSampleRate: errorRates.length ? Math.min(...errorRates) : 0,
    minDurationMs: Math.max(0, ...defined(local.minDurationMs, remote?.minDurationMs)),
    maxDurationMs: Math.min(24 * 3600_000, ...defined(local.maxDurationMs, remote?.maxDurationMs)),
    console: { enabled: on(localConsole, remote?.console?.enabled), levels: consoleLevels },
    network: {
      enabled: networkOn,
      headers: both(localNetwork.headers, remote?.network?.headers),
      bodies: both(localNetwork.bodies, remote?.network?.bodies),
      denylist: [...new Set([...DEFAULT_DENYLIST, ...(remote?.network?.denylist ?? [])])],
    },
  };
}
