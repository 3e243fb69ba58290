import { createClient, type RecorderFactory } from "./client";
import { scriptOptions } from "./script-options";
import type { RewindApi } from "./types";

/**
 * The script-tag loader (public/sdk/loader.js): a few KB that read the remote config, decide
 * consent and sampling, and only then fetch the recorder. Calls made before it arrived were
 * queued by the inline stub as rewind.q = [[method, args], …].
 */

type Stub = { q?: [keyof RewindApi, unknown[]][] };

(() => {
  try {
    const w = window as Window & { rewind?: RewindApi & Stub; __rewindRecorder?: RecorderFactory };
    const script = (document.currentScript ??
      document.querySelector("script[data-key][src*='/sdk/loader']")) as HTMLScriptElement | null;
    const src = script?.src ?? "";
    const origin = src ? new URL(src, location.href).origin : location.origin;
    const queued = w.rewind?.q ?? [];
    const client = createClient(
      () =>
        new Promise<RecorderFactory>((resolve, reject) => {
          if (w.__rewindRecorder) return resolve(w.__rewindRecorder);
          const tag = document.createElement("script");
          tag.async = true;
          tag.referrerPolicy = "no-referrer";
          tag.src = `${origin}/sdk/recorder.js`;
          tag.onload = () =>
            w.__rewindRecorder ? resolve(w.__rewindRecorder) : reject(new Error("recorder missing"));
          tag.onerror = () => reject(new Error("recorder failed to load"));
          document.head.appendChild(tag);
        }),
    );
    w.rewind = client;
    const key = script?.dataset.key;
    if (key) client.init(key, { apiHost: origin, ...scriptOptions(script!.dataset) });
    for (const [method, args] of queued) {
      const fn = client[method] as ((...a: unknown[]) => void) | undefined;
      if (typeof fn === "function") fn(...args);
    }
  } catch {}
})();
