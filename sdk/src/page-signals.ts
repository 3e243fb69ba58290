import { type MetricType, onCLS, onFCP, onINP, onLCP, onTTFB } from "web-vitals";
import type { RecordPlugin } from "./capture";
import { clickOffsetPlugin } from "./click-offset";
import { redactUrl } from "./shared";
import { CLICK_PLUGIN, FORM_PLUGIN, type FormSubmitPayload, VITALS_PLUGIN, type VitalPayload } from "./wire";

/**
 * Web Vitals and form submissions: public/sdk/signals.js, fetched after recording starts (on by
 * default; `vitals: false` / `forms: false` turn either off). Nothing here reads what a person
 * typed or what a page says: elements are named by tag, id and classes, forms by name, id and
 * action path.
 */

type Emit = (payload: unknown) => void;

export interface SignalOptions {
  /** The masking's block selector: inside a blocked element only the tag is named. */
  block: string | null;
  /** Sends what is queued soon, in one batch (the page is being hidden and may not come back). */
  flush: () => void;
  /** Calls back when the page is being unloaded, before the recorder's last cut. */
  onExit: (listener: () => void) => void;
  /** Calls back at each single-page-app navigation, before its page view, with the new URL. */
  onNavigate: (listener: (url: string) => void) => () => void;
  /** Requests to this origin (our own ingest) are never taken for a form's POST. */
  ignore: string;
  /** rrweb's mirror id of a node (-1 when unknown): click offsets name the node rrweb's click names. */
  idOf: (node: Node) => number;
}

const NAME = /^[A-Za-z_][\w-]{0,59}$/;

const blocked = (el: Element, block: string | null) => {
  try {
    return Boolean(block && el.closest(block));
  } catch {
    return false;
  }
};

/** "img#hero.banner.wide": tag, id and two classes that look like names (not generated data). */
export function safeSelector(node: Node | null | undefined, block: string | null): string | undefined {
  if (node?.nodeType !== 1) return undefined;
  const el = node as Element;
  const tag = el.localName.slice(0, 40);
  if (blocked(el, block)) return tag;
  const id = NAME.test(el.id) ? `#${el.id}` : "";
  const classes = [...el.classList]
    .filter((c) => NAME.test(c))
    .slice(0, 2)
    .map((c) => `.${c}`)
    .join("");
  return `${tag}${id}${classes}`;
}

// ---- Web Vitals ----

/** web-vitals registers once per document; its reports go to whichever recording runs now. */
let vitalsSink: Emit | undefined;
let vitalsStarted = false;
const unsent: VitalPayload[] = [];

/** LCP, CLS and INP change while a view lasts: sent when final (hidden, next view, LCP at first input). */
const RUNNING = new Set<string>(["LCP", "CLS", "INP"]);

/**
 * The browser marks single-page-app navigations itself (`soft-navigation` entries, as web-vitals
 * checks them): web-vitals then starts each metric anew per view, with the view's URL.
 */
const softNavigations = () => {
  try {
    return (
      PerformanceObserver.supportedEntryTypes.includes("soft-navigation") &&
      typeof (globalThis as unknown as { PerformanceSoftNavigation?: { prototype: Record<string, unknown> } })
        .PerformanceSoftNavigation?.prototype.getLargestInteractionContentfulPaint === "function"
    );
  } catch {
    return false;
  }
};

const pageUrl = (raw: string) => redactUrl(raw.split("#")[0]!);

/**
 * The element behind a metric, read from its entries: web-vitals' attribution build names it too,
 * but also keeps long-animation-frame entries and more for every interaction (heap a page pays for
 * all visit long), and is twice the code.
 */
function targetOf(m: MetricType): Node | null | undefined {
  if (m.name === "LCP") return m.entries.at(-1)?.element;
  if (m.name === "INP") return m.entries.find((e) => e.target)?.target;
  if (m.name !== "CLS") return undefined;
  let largest: LayoutShift | undefined;
  for (const shift of m.entries) if (!largest || shift.value > largest.value) largest = shift;
  // The first source still in the document, as web-vitals' attribution picks it.
  const sources = largest?.sources ?? [];
  return (sources.find((s) => s.node?.nodeType === 1) ?? sources[0])?.node;
}

const interactionOf = (entry: PerformanceEventTiming | undefined) =>
  entry ? (entry.name.startsWith("key") ? "keyboard" : "pointer") : undefined;

/**
 * The vitals of each page view. web-vitals reports every change (reportAllChanges); what is sent is
 * a view's last value, once: FCP and TTFB at once, LCP at the first input, and the rest when the
 * page is hidden or a single-page-app navigation ends the view. Where the browser marks those
 * navigations, web-vitals measures each view on its own; elsewhere the running values are sent at
 * each navigation and the next view gets a view id of its own (its later values then are the
 * page's running ones: web-vitals cannot restart them).
 */
function startVitals(o: SignalOptions): (url: string) => void {
  vitalsStarted = true;
  const native = softNavigations();
  let url = "";
  try {
    url = pageUrl(performance.getEntriesByType("navigation")[0]?.name || location.href);
  } catch {}
  let spaViews = 0;
  /** The newest value of each metric not sent yet, by name. */
  const pending = new Map<string, VitalPayload>();
  const send = (payload: VitalPayload) => {
    if (vitalsSink) vitalsSink(payload);
    else if (unsent.length < 20) unsent.push(payload);
  };
  const sendPending = (names: Iterable<string>) => {
    for (const name of [...names]) {
      const payload = pending.get(name);
      pending.delete(name);
      if (payload) send(payload);
    }
  };
  const report = (m: MetricType) => {
    const view = m.id.replace(/^v\d+-/, "").slice(0, 60);
    const payload: VitalPayload = {
      name: m.name,
      value: m.name === "CLS" ? Math.round(m.value * 10_000) / 10_000 : Math.round(m.value),
      rating: m.rating,
      view: spaViews && !native ? `${view}-${spaViews}` : view,
      url: m.navigationURL ? pageUrl(m.navigationURL) : url,
      target: safeSelector(targetOf(m), o.block)?.slice(0, 100) || undefined,
      interaction: m.name === "INP" ? interactionOf(m.entries[0]) : undefined,
    };
    if (!RUNNING.has(m.name)) return send(payload);
    // A new view of this metric (the browser's soft navigation): the last one's value is final.
    if (pending.get(m.name)?.view !== payload.view) sendPending([m.name]);
    pending.set(m.name, payload);
    // LCP, CLS and INP are final when the page is hidden: it may be leaving. web-vitals reports
    // them from its visibilitychange listeners; sent together after the listener that reported.
    if (document.visibilityState === "hidden" && !leaving) {
      leaving = true;
      queueMicrotask(() => {
        leaving = false;
        sendHidden();
      });
    }
  };
  let leaving = false;
  const sendHidden = () => {
    if (!pending.size) return;
    sendPending(pending.keys());
    o.flush();
  };
  const opts = { reportAllChanges: true, reportSoftNavs: true };
  for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(report as never, opts);
  // After web-vitals' own listeners (added just now): its last values are in by then.
  addEventListener("visibilitychange", () => document.visibilityState === "hidden" && sendHidden(), true);
  // At a real unload pagehide comes first: the recorder's last cut takes the values known by then.
  o.onExit(() => sendPending(pending.keys()));
  // LCP stops at the first input, as web-vitals finalizes it.
  for (const type of ["keydown", "click"])
    addEventListener(type, (e) => e.isTrusted && sendPending(["LCP"]), { capture: true, passive: true });
  return (next) => {
    sendPending(RUNNING);
    // The browser's soft-navigation entry (after the new view paints) starts web-vitals' next view.
    if (native) return;
    spaViews++;
    url = pageUrl(next);
  };
}

/** Ends the current view's vitals at a single-page-app navigation (see startVitals). */
let vitalsNavigated: ((url: string) => void) | undefined;

function vitalsPlugin(o: SignalOptions): RecordPlugin {
  return {
    name: VITALS_PLUGIN,
    observer(emit) {
      vitalsSink = emit;
      for (const p of unsent.splice(0)) emit(p);
      if (!vitalsStarted) vitalsNavigated = startVitals(o);
      const stopWatching = o.onNavigate((url) => vitalsNavigated?.(url));
      return () => {
        stopWatching();
        if (vitalsSink === emit) vitalsSink = undefined;
      };
    },
    options: {},
  };
}

// ---- Form submissions ----

const clip = (v: string | null | undefined) => (v ? v.trim().slice(0, 100) || undefined : undefined);

function describeForm(form: HTMLFormElement, o: SignalOptions): Omit<FormSubmitPayload, "via"> {
  // Attributes, not properties: form.name is the form's control named "name" when it has one.
  const hidden = blocked(form, o.block);
  const name = hidden ? undefined : clip(form.getAttribute("name"));
  const id = hidden ? undefined : clip(form.getAttribute("id"));
  let action: string | undefined;
  const raw = form.getAttribute("action");
  if (raw != null) {
    try {
      action = clip(new URL(raw, location.href).pathname);
    } catch {}
  }
  return { form: name ?? id ?? action ?? "form", name, id, action };
}

/** A POST this long after a click on a button in a form, with no submit event, is the form's submission. */
const SPA_SUBMIT_MS = 1000;

function formPlugin(o: SignalOptions): RecordPlugin {
  return {
    name: FORM_PLUGIN,
    observer(emit, win) {
      const w = win as Window & typeof globalThis;
      let click: { at: number; form: HTMLFormElement; button: Element } | undefined;
      let submittedAt = 0;
      const roots = new WeakSet<Node>();
      const report = (
        form: HTMLFormElement,
        submitter: Element | null | undefined,
        via: FormSubmitPayload["via"],
      ) => {
        try {
          emit({ ...describeForm(form, o), submitter: safeSelector(submitter, o.block), via });
        } catch {}
      };
      const onSubmit = (e: Event) => {
        const form = e.composedPath()[0];
        if (!(form instanceof w.HTMLFormElement)) return;
        submittedAt = Date.now();
        report(form, (e as SubmitEvent).submitter, "submit");
      };
      const onClick = (e: Event) => {
        const target = e.composedPath()[0] as Element;
        const button = target?.closest?.("button,input[type=submit],input[type=button],input[type=image]");
        const form = (button as HTMLButtonElement | null)?.form;
        if (!button || !form) return;
        click = { at: Date.now(), form, button };
        // submit does not cross a shadow root: listen on the form's own root the first time.
        const root = form.getRootNode();
        if (root !== w.document && !roots.has(root)) {
          roots.add(root);
          root.addEventListener("submit", onSubmit, true);
        }
      };
      const onPost = (method: string | undefined, url: string, via: "fetch" | "xhr") => {
        const c = click;
        if (!c || String(method).toUpperCase() !== "POST" || url.startsWith(o.ignore)) return;
        if (Date.now() - c.at > SPA_SUBMIT_MS) return;
        click = undefined;
        // A submit button's submit event comes after its click handlers ran: wait a task to see it.
        setTimeout(() => {
          if (submittedAt < c.at) report(c.form, c.button, via);
        }, 0);
      };
      const doc = w.document;
      doc.addEventListener("submit", onSubmit, true);
      doc.addEventListener("click", onClick, true);
      const originalFetch = w.fetch;
      if (originalFetch)
        w.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
          try {
            const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
            onPost(init?.method ?? (input instanceof Request ? input.method : "GET"), url, "fetch");
          } catch {}
          return originalFetch(input, init);
        };
      const proto = w.XMLHttpRequest?.prototype;
      const originalOpen = proto?.open;
      if (proto && originalOpen)
        proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
          try {
            onPost(String(args[0]), String(args[1]), "xhr");
          } catch {}
          return (originalOpen as (...a: unknown[]) => void).apply(this, args);
        } as typeof proto.open;
      return () => {
        doc.removeEventListener("submit", onSubmit, true);
        doc.removeEventListener("click", onClick, true);
        if (originalFetch) w.fetch = originalFetch;
        if (proto && originalOpen) proto.open = originalOpen;
      };
    },
    options: {},
  };
}

/** The chunk's one export: the plugin of that name. */
export function pagePlugin(name: string, o: SignalOptions): RecordPlugin {
  if (name === CLICK_PLUGIN) return clickOffsetPlugin(o);
  return name === VITALS_PLUGIN ? vitalsPlugin(o) : formPlugin(o);
}

export type PagePlugins = typeof pagePlugin;
