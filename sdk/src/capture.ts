/**
 * Page views and errors, always on. Console and network capture are opt-in, so their code is a
 * separate file (capture-plugins.ts, public/sdk/capture.js) fetched only when one of them is on,
 * or the first time the page throws: errors are redacted there before they are recorded.
 */

type Emit = (payload: unknown) => void;

/** An rrweb plugin, as record({ plugins }) takes it. */
export interface RecordPlugin {
  name: string;
  observer(emit: Emit, win: Window): () => void;
  options: Record<string, never>;
}

/** An uncaught error or unhandled rejection, as the page threw it (capture-plugins.ts redacts it). */
export type ErrorPayload = {
  message: string;
  stack: string;
  source: string;
};

export interface CapturePlugins {
  /** An error's message and stack redacted like console lines, URLs like every URL we send, truncated. */
  redactError(payload: ErrorPayload, denylist: string[]): ErrorPayload;
  consolePlugin(levels: string[], denylist: string[]): RecordPlugin;
  networkPlugin(opts: {
    headers: boolean;
    bodies: boolean;
    denylist: string[];
    ignore: string;
  }): RecordPlugin;
}

/** The replay reads console entries by rrweb's own plugin name; network entries by ours. */
export const CONSOLE_PLUGIN = "rrweb/console@1";
export const NETWORK_PLUGIN = "rewind/network@1";

/**
 * A plugin rrweb starts at once whose code arrives later: record() starts without waiting for the
 * fetch, and what the page logs or fetches in those first milliseconds is not captured.
 */
export function lazyPlugin(name: string, load: () => Promise<RecordPlugin>): RecordPlugin {
  return {
    name,
    observer(emit, win) {
      let live = true;
      let stop: (() => void) | undefined;
      load().then(
        (plugin) => {
          if (live) stop = plugin.observer(emit, win);
        },
        () => {},
      );
      return () => {
        live = false;
        stop?.();
      };
    },
    options: {},
  };
}

export function watchNavigation(onChange: () => void): () => void {
  const wrap = (name: "pushState" | "replaceState") => {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      setTimeout(onChange, 0);
      return result;
    };
    return () => {
      history[name] = original;
    };
  };
  const undo = [wrap("pushState"), wrap("replaceState")];
  addEventListener("popstate", onChange);
  addEventListener("hashchange", onChange);
  return () => {
    for (const u of undo) u();
    removeEventListener("popstate", onChange);
    removeEventListener("hashchange", onChange);
  };
}

/** Errors as thrown: redacted and truncated by redactError (capture-plugins.ts) before they are queued. */
export function watchErrors(onError: (payload: ErrorPayload) => void): () => void {
  const onErrorEvent = (e: ErrorEvent) =>
    onError({
      message: String(e.message || e.error || "Error"),
      stack: String(e.error?.stack ?? ""),
      source: "error",
    });
  const onRejection = (e: PromiseRejectionEvent) => {
    const r = e.reason as { message?: string; stack?: string } | undefined;
    onError({
      message: String(r?.message ?? r ?? "Unhandled rejection"),
      stack: String(r?.stack ?? ""),
      source: "unhandledrejection",
    });
  };
  addEventListener("error", onErrorEvent);
  addEventListener("unhandledrejection", onRejection);
  return () => {
    removeEventListener("error", onErrorEvent);
    removeEventListener("unhandledrejection", onRejection);
  };
}
