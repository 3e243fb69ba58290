import { mergeCapture } from "./config-merge";
import type { Recorder, RecorderSetup } from "./recorder";
import { SessionManager } from "./session";
import { isSampled, safeStorage } from "./shared";
import type { RemoteConfig, RewindApi, RewindOptions } from "./types";

/**
 * The public API. It works before the recorder has loaded (calls wait for it), decides consent
 * and sampling from the session id before loading anything heavy, and never throws.
 */

export type RecorderFactory = (setup: RecorderSetup) => Recorder;

const CONFIG_TIMEOUT_MS = 4000;
/** How often an open, visible page reads the remote config again, so settings reach it within a minute. */
export const CONFIG_REFRESH_MS = 60_000;

async function fetchConfig(apiHost: string, key: string, fresh = false): Promise<RemoteConfig | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CONFIG_TIMEOUT_MS);
  try {
    const res = await fetch(`${apiHost.replace(/\/$/, "")}/api/v1/config?k=${encodeURIComponent(key)}`, {
      signal: controller.signal,
      credentials: "omit",
      referrerPolicy: "no-referrer",
      // A refresh must not be answered from the browser's cache of the first read.
      cache: fresh ? "no-cache" : "default",
    });
    return res.ok
      ? ((await res.json()) as RemoteConfig)
      : res.status === 401
        ? ({ enabled: false } as RemoteConfig)
        : null;
  } catch {
    // Unreachable config: record with the local options, whose defaults mask every input.
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export function createClient(loadRecorder: () => Promise<RecorderFactory>): RewindApi {
  const storage = safeStorage("localStorage");
  let setup: RecorderSetup | null = null;
  let recorder: Recorder | null = null;
  let loading: Promise<void> | null = null;
  let stopped = false;
  const waiting: ((r: Recorder) => void)[] = [];
  const debug = () => Boolean(setup?.options.debug);

  const safe =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        fn(...a);
      } catch (error) {
        if (debug()) console.warn("[rewind]", error);
      }
    };
  const withRecorder = (fn: (r: Recorder) => void) => (recorder ? fn(recorder) : waiting.push(fn));

  const consented = () => {
    const c = storage.get("consent");
    return c !== "0" && (!setup?.options.requireConsent || c === "1");
  };

  const maybeStart = () => {
    if (!setup || stopped || !consented() || loading) return;
    const { config, options } = setup;
    if (config && config.enabled === false) return;
    if (config?.sessionIdSource === "site" && !options.sessionId) {
      if (debug())
        console.warn("[rewind] this workspace uses your site's session ids: init(key, { sessionId })");
      return;
    }
    const shared = safeStorage("localStorage");
    const session = new SessionManager(shared, safeStorage("sessionStorage"), {
      idleTimeoutMs: options.idleTimeoutMs ?? config?.idleTimeoutMs ?? 30 * 60_000,
      maxAgeMs: 24 * 3600_000,
      fixedSessionId: options.sessionId,
    }).current();
    const { sampleRate: rate, errorSampleRate: errorRate } = mergeCapture(options, config);
    // Unsampled sessions never download the recorder.
    if (!isSampled(session.sessionId, rate) && !isSampled(`${session.sessionId}:errors`, errorRate)) return;
    const current = setup;
    loading = loadRecorder()
      .then((factory) => {
        if (stopped || setup !== current) return;
        recorder = factory(current);
        recorder.start();
        const refresh = setInterval(
          safe(() => {
            if (document.visibilityState !== "visible" || setup !== current) return;
            void fetchConfig(current.apiHost, current.key, true).then(
              safe((config: RemoteConfig | null) => {
                // Unreachable: keep recording as configured; the next read may succeed.
                if (config && setup === current) recorder?.applyConfig(config);
              }),
            );
          }),
          CONFIG_REFRESH_MS,
        );
        (refresh as { unref?: () => void }).unref?.();
        for (const fn of waiting.splice(0)) safe(fn)(recorder);
      })
      .catch((error) => {
        if (debug()) console.warn("[rewind] could not load the recorder", error);
      });
  };

  return {
    init: safe((key: string, options: RewindOptions = {}) => {
      if (setup || !key) return;
      const apiHost = options.apiHost ?? location.origin;
      setup = { key, apiHost, options, config: null };
      void fetchConfig(apiHost, key).then(
        safe((config: RemoteConfig | null) => {
          if (setup) setup.config = config;
          maybeStart();
        }),
      );
    }),
    identify: safe((distinctId: string, properties?: Record<string, unknown>) =>
      withRecorder((r) => r.identify(distinctId, properties)),
    ),
    reset: safe(() => withRecorder((r) => r.reset())),
    capture: safe((name: string, properties?: Record<string, unknown>) =>
      withRecorder((r) => r.custom(String(name), properties ?? {})),
    ),
    startRecording: safe(() => {
      stopped = false;
      if (recorder) recorder.start();
      else maybeStart();
    }),
    stopRecording: safe(() => {
      stopped = true;
      recorder?.stop();
    }),
    optIn: safe(() => {
      storage.set("consent", "1");
      stopped = false;
      if (recorder) recorder.start();
      else maybeStart();
    }),
    optOut: safe(() => {
      storage.set("consent", "0");
      stopped = true;
      recorder?.stop(true);
      waiting.length = 0;
    }),
    getSessionId: () => {
      try {
        return recorder?.getSessionId() ?? null;
      } catch {
        return null;
      }
    },
    getReplayUrl: () => {
      try {
        return recorder?.replayUrl() ?? null;
      } catch {
        return null;
      }
    },
  };
}
