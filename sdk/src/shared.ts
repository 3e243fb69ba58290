/** Small helpers shared by the loader and the recorder bundles. */

export const SDK_VERSION = "rewind-js/0.1.0";
export const STORAGE_PREFIX = "rewind_";

export function uuidv7(now = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const ts = Math.floor(now);
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ts / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}

/** A stable number in [0, 1) from a string (FNV-1a), so a session's sampling never flips. */
export function unitHash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

export function isSampled(sessionId: string, rate: number): boolean {
  return rate >= 1 || (rate > 0 && unitHash(sessionId) < rate);
}

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** localStorage that never throws (private mode, quota, sandboxed frames). */
export function safeStorage(kind: "localStorage" | "sessionStorage"): KeyValueStore {
  const memory = new Map<string, string>();
  const real = (): Storage | null => {
    try {
      return window[kind];
    } catch {
      return null;
    }
  };
  return {
    get: (k) => {
      try {
        return real()?.getItem(STORAGE_PREFIX + k) ?? memory.get(k) ?? null;
      } catch {
        return memory.get(k) ?? null;
      }
    },
    set: (k, v) => {
      memory.set(k, v);
      try {
        real()?.setItem(STORAGE_PREFIX + k, v);
      } catch {}
    },
    remove: (k) => {
      memory.delete(k);
      try {
        real()?.removeItem(STORAGE_PREFIX + k);
      } catch {}
    },
  };
}

const SECRET_PARAM = /pass|pwd|secret|token|key|auth|code|session|sig|email|ssn|card/i;

/** Replaces the values of secret-looking parameters; answers whether any was. */
function redactParams(params: URLSearchParams, extra: string[]): boolean {
  let changed = false;
  for (const name of [...params.keys()]) {
    if (SECRET_PARAM.test(name) || extra.some((d) => name.toLowerCase().includes(d.toLowerCase()))) {
      params.set(name, "[redacted]");
      changed = true;
    }
  }
  return changed;
}

/**
 * A URL with credentials removed and the values of secret-looking parameters replaced, in the
 * query and in a fragment written as parameters (OAuth's #access_token=…). Unparsable: "".
 */
export function redactUrl(raw: string, extra: string[] = []): string {
  try {
    const url = new URL(raw, location.href);
    url.username = "";
    url.password = "";
    redactParams(url.searchParams, extra);
    const fragment = url.hash.slice(1);
    if (fragment.includes("=")) {
      const params = new URLSearchParams(fragment.replace(/^[/!?]+/, ""));
      if (redactParams(params, extra)) url.hash = params.toString();
    }
    return url.toString();
  } catch {
    return "";
  }
}

/** Does the page URL match one of the patterns (substrings, or /regex/)? */
export function urlMatches(url: string, patterns: string[] = []): boolean {
  return patterns.some((p) => {
    if (p.length > 2 && p.startsWith("/") && p.endsWith("/")) {
      try {
        return new RegExp(p.slice(1, -1)).test(url);
      } catch {
        return false;
      }
    }
    return url.includes(p);
  });
}
