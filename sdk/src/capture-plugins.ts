import { CONSOLE_PLUGIN, type ErrorPayload, NETWORK_PLUGIN, type RecordPlugin } from "./capture";
import { redactUrl } from "./shared";

/** Console and network capture: public/sdk/capture.js, fetched only when either is on. */

type Emit = (payload: unknown) => void;

const ARG_LIMIT = 500;

/**
 * Values under denied names in text lose their values: "token=abc", "password: x", `"key":"v"`.
 * Console lines, request bodies and error messages and stacks all pass here. A value already
 * redacted (by redactUrl in a URL) is left as it is, with what follows it (a frame's `:12:5`).
 */
export function redactText(text: string, denylist: string[]): string {
  for (const d of denylist.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    text = text.replace(
      new RegExp(`(${d}\\w*["']?\\s*[:=]\\s*["']?)(?!\\[redacted\\]|%5Bredacted%5D)[^\\s"'&,;]+`, "gi"),
      "$1[redacted]",
    );
  return text;
}

/** Arguments as strings, truncated, with values under denied keys redacted. */
export function redactArgs(args: unknown[], denylist: string[]): string[] {
  const denied = (k: string) => denylist.some((d) => k.toLowerCase().includes(d.toLowerCase()));
  return args.slice(0, 10).map((a) => {
    let text: string;
    try {
      text =
        typeof a === "string"
          ? a
          : (JSON.stringify(a, (k, v) => (k && denied(k) ? "[redacted]" : v)) ?? String(a));
    } catch {
      text = String(a);
    }
    text = redactText(text, denylist);
    return text.length > ARG_LIMIT ? `${text.slice(0, ARG_LIMIT)}…` : text;
  });
}

/** A URL in text (a message, a stack frame), with a frame's `:line:column` apart. */
const URL_IN_TEXT = /\b[a-z][\w+.-]*:\/\/[^\s()<>"'`]+?(?=(?::\d+){0,2}(?:[\s()<>"'`]|$))/gi;

/**
 * An uncaught error or rejection as recorded: its message (1,000 characters at most) and stack
 * (4,000) redacted like console lines, and every URL in them like every URL we send (secret
 * query and fragment parameters, credentials).
 */
export function redactError(payload: ErrorPayload, denylist: string[]): ErrorPayload {
  const clean = (text: string, max: number) =>
    redactText(
      text.slice(0, max).replace(URL_IN_TEXT, (url) => (/[?#@]/.test(url) ? redactUrl(url, denylist) : url)),
      denylist,
    ).slice(0, max);
  return { message: clean(payload.message, 1000), stack: clean(payload.stack, 4000), source: payload.source };
}

export function consolePlugin(levels: string[], denylist: string[]): RecordPlugin {
  return {
    name: CONSOLE_PLUGIN,
    observer(emit: Emit, win: Window) {
      const c = (win as Window & { console: Record<string, (...a: unknown[]) => void> }).console;
      const undo: (() => void)[] = [];
      for (const level of levels) {
        const original = c[level];
        if (typeof original !== "function") continue;
        c[level] = (...args: unknown[]) => {
          try {
            emit({ level, payload: redactArgs(args, denylist), trace: [] });
          } catch {}
          return original.apply(c, args);
        };
        undo.push(() => {
          c[level] = original;
        });
      }
      return () => {
        for (const u of undo) u();
      };
    },
    options: {},
  };
}

const HEADER_DENY =
  /^(authorization|cookie|set-cookie|proxy-authorization|x-api-key|x-auth-token|x-csrf-token)$/i;

function headerObject(
  h: Headers | Record<string, string> | undefined,
  denylist: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = h instanceof Headers ? [...h.entries()] : Object.entries(h ?? {});
  for (const [k, v] of entries)
    out[k] =
      HEADER_DENY.test(k) || denylist.some((d) => k.toLowerCase().includes(d))
        ? "[redacted]"
        : String(v).slice(0, 500);
  return out;
}

function redactBody(body: unknown, denylist: string[]): string | undefined {
  if (typeof body !== "string") return undefined;
  return redactArgs([body], denylist)[0];
}

/** fetch and XHR timings and statuses; headers and bodies only when asked for, always redacted. */
export function networkPlugin(opts: {
  headers: boolean;
  bodies: boolean;
  denylist: string[];
  ignore: string;
}): RecordPlugin {
  return {
    name: NETWORK_PLUGIN,
    observer(emit: Emit, win: Window) {
      const w = win as Window & typeof globalThis;
      const originalFetch = w.fetch;
      const record = (entry: Record<string, unknown>) => {
        try {
          emit(entry);
        } catch {}
      };
      if (originalFetch) {
        w.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
          const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
          const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
          const started = performance.now();
          if (url.startsWith(opts.ignore)) return originalFetch(input, init);
          try {
            const res = await originalFetch(input, init);
            record({
              type: "fetch",
              method,
              url: redactUrl(url, opts.denylist),
              status: res.status,
              durationMs: Math.round(performance.now() - started),
              responseSize: Number(res.headers.get("content-length") ?? 0) || undefined,
              requestHeaders: opts.headers
                ? headerObject(init?.headers as Record<string, string>, opts.denylist)
                : undefined,
              responseHeaders: opts.headers ? headerObject(res.headers, opts.denylist) : undefined,
              requestBody: opts.bodies ? redactBody(init?.body, opts.denylist) : undefined,
            });
            return res;
          } catch (error) {
            record({
              type: "fetch",
              method,
              url: redactUrl(url, opts.denylist),
              status: 0,
              durationMs: Math.round(performance.now() - started),
              error: String(error).slice(0, 200),
            });
            throw error;
          }
        };
      }
      const proto = w.XMLHttpRequest?.prototype;
      const originalOpen = proto?.open;
      const originalSend = proto?.send;
      if (proto && originalOpen && originalSend) {
        proto.open = function (
          this: XMLHttpRequest & { __rw?: { method: string; url: string } },
          method: string,
          url: string | URL,
          ...rest: unknown[]
        ) {
          this.__rw = { method: String(method).toUpperCase(), url: String(url) };
          return (originalOpen as (...a: unknown[]) => void).call(this, method, url, ...rest);
        } as typeof proto.open;
        proto.send = function (
          this: XMLHttpRequest & { __rw?: { method: string; url: string } },
          body?: Document | XMLHttpRequestBodyInit | null,
        ) {
          const info = this.__rw;
          const started = performance.now();
          if (info && !info.url.startsWith(opts.ignore)) {
            this.addEventListener("loadend", () =>
              record({
                type: "xhr",
                method: info.method,
                url: redactUrl(info.url, opts.denylist),
                status: this.status,
                durationMs: Math.round(performance.now() - started),
                requestBody: opts.bodies ? redactBody(body, opts.denylist) : undefined,
              }),
            );
          }
          return originalSend.call(this, body ?? null);
        };
      }
      return () => {
        if (originalFetch) w.fetch = originalFetch;
        if (proto && originalOpen && originalSend) {
          proto.open = originalOpen;
          proto.send = originalSend;
        }
      };
    },
    options: {},
  };
}
