import { record } from "@rrweb/record";
import type { CanvasSampler, StartCanvasSampler } from "./canvas";
import {
  type CapturePlugins,
  CONSOLE_PLUGIN,
  type ErrorPayload,
  lazyPlugin,
  NETWORK_PLUGIN,
  type RecordPlugin,
  watchErrors,
  watchNavigation,
} from "./capture";
import { type Capture, mergeCapture } from "./config-merge";
import { gzipOffThread } from "./gzip-worker";
import { type ExitCut, exitCut } from "./page-exit";
import type { PagePlugins } from "./page-signals";
import {
  type EffectiveMasking,
  maskChars,
  masksPageText,
  mergeMasking,
  personBlocked,
  recordMaskingOptions,
} from "./privacy";
import { scrubEvent } from "./scrub";
import { nextTask, stringifySliced } from "./serialize";
import { SessionManager } from "./session";
import {
  isSampled,
  type KeyValueStore,
  redactUrl,
  SDK_VERSION,
  safeStorage,
  urlMatches,
  uuidv7,
} from "./shared";
import { finishSnapshots, mutationSlices, prepareSnapshot } from "./sliced-snapshot";
import { STORM_EVENT, STORM_WINDOW_MS, watchStorms, whenQuiet } from "./storm";
import { type Batch, Transport } from "./transport";
import type { RemoteConfig, RewindOptions } from "./types";
import { CLICK_PLUGIN, EventType, FORM_PLUGIN, IncrementalSource, VITALS_PLUGIN } from "./wire";

/**
 * The recorder: rrweb record() with our masking, sessions, page views, errors and the transport.
 * Nothing here may throw into the host page: every entry point is guarded.
 */

type RrwebEvent = { type: number; timestamp: number; data: Record<string, unknown> };

const BUFFER_WINDOW_MS = 60_000;
const CHECKPOINT_EVERY_MS = 5 * 60_000;
const BATCH_BYTES = 256 * 1024;
const TOUCH_EVERY_MS = 1000;

export interface RecorderSetup {
  key: string;
  apiHost: string;
  options: RewindOptions;
  config: RemoteConfig | null;
  storage?: { shared: KeyValueStore; perTab: KeyValueStore };
  /** Fetches the canvas sampler (public/sdk/canvas.js), only when canvas recording is on. */
  loadCanvas?: () => Promise<StartCanvasSampler>;
  /** Fetches console and network capture (public/sdk/capture.js), only when either is on. */
  loadCapture?: () => Promise<CapturePlugins>;
  /** Fetches Web Vitals, form submissions and click offsets (public/sdk/signals.js), unless the page turned all off. */
  loadSignals?: () => Promise<PagePlugins>;
}

/** Whether guarded errors are logged: the debug option of the last recorder created (one per page). */
let debugErrors = false;

export function guard<A extends unknown[], R>(fn: (...a: A) => R): (...a: A) => R | undefined {
  return (...a: A) => {
    try {
      return fn(...a);
    } catch (error) {
      if (debugErrors) console.warn("[rewind]", error);
      return undefined;
    }
  };
}

export class Recorder {
  private readonly session: SessionManager;
  private readonly transport: Transport;
  private masking: EffectiveMasking;
  private readonly shared: KeyValueStore;
  private distinctId: string;
  private events: RrwebEvent[] = [];
  private bytes = 0;
  private seq = 0;
  private stopRrweb: (() => void) | undefined;
  private cleanups: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  /** "buffer": not sampled, keeping the last minute in case of an error; "hold": under the minimum duration. */
  private mode: "live" | "buffer" | "hold" = "live";
  private blockedPage = false;
  private personBlocked = false;
  private running = false;
  /** After a full snapshot the replay rebuilds every canvas blank: the sampler sends each again. */
  private resendCanvas: (() => void) | undefined;
  /** Cancels the wait for a stormy page to settle, while rrweb is paused for one. */
  private stormPause: (() => void) | undefined;
  /**
   * Custom events while rrweb takes its first snapshot in slices (it records nothing before that):
   * sent, in order, once it records.
   */
  private beforeRecording: [string, Record<string, unknown>][] | undefined;
  /** The batch cut while the page is being hidden: one for all that arrives meanwhile (vitals). */
  private readonly exit: ExitCut;
  /** Told at pagehide, before the last cut (the vitals send their running values into it). */
  private readonly exitListeners = new Set<() => void>();
  /** Between pagehide and pageshow: the page is being unloaded (or kept in the back/forward cache). */
  private unloading = false;
  /** Told of each single-page-app navigation before its page view (the vitals end their view). */
  private readonly navigationListeners = new Set<(url: string) => void>();

  constructor(private readonly setup: RecorderSetup) {
    const { options, config } = setup;
    debugErrors = Boolean(options.debug);
    this.exit = exitCut(guard(() => this.flush("hidden")));
    this.shared = setup.storage?.shared ?? safeStorage("localStorage");
    this.session = new SessionManager(this.shared, setup.storage?.perTab ?? safeStorage("sessionStorage"), {
      idleTimeoutMs: options.idleTimeoutMs ?? config?.idleTimeoutMs ?? 30 * 60_000,
      maxAgeMs: 24 * 3600_000,
      fixedSessionId: options.sessionId,
    });
    this.masking = mergeMasking(options, config?.masking);
    this.distinctId = this.shared.get("distinct_id") ?? this.newAnonymousId();
    const url = `${setup.apiHost.replace(/\/$/, "")}/api/v1/ingest?k=${encodeURIComponent(setup.key)}`;
    this.transport = new Transport({
      newId: () => uuidv7(),
      gzip: typeof CompressionStream === "function" ? gzipOffThread : undefined,
      // In a task of its own: a batch is cut inside rrweb's emit, itself inside the page's task
      // that changed the DOM. Only a batch with a full snapshot is big enough to need slices; the
      // others (≤ ~256 KB) stringify natively in a few ms and so leave sooner, before a page exit
      // can catch them.
      serialize: async (batch) => {
        await nextTask();
        return batch.events.some((e) => (e as RrwebEvent).type === EventType.FullSnapshot)
          ? stringifySliced(batch)
          : JSON.stringify(batch);
      },
      beacon: (body) => {
        try {
          return navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }));
        } catch {
          return false;
        }
      },
      post: async (body, keepalive) => {
        try {
          const res = await fetch(url, {
            method: "POST",
            body,
            keepalive,
            headers: { "content-type": "text/plain" },
            credentials: "omit",
            // The page's URL (query and all) stays out of our requests.
            referrerPolicy: "no-referrer",
          });
          const retryAfter = Number(res.headers.get("retry-after"));
          return { status: res.status, retryAfterSec: Number.isFinite(retryAfter) ? retryAfter : undefined };
        } catch {
          return { networkError: true };
        }
      },
    });
    this.transport.setLimits(config?.limits);
  }

  private newAnonymousId(): string {
    const id = `anon-${uuidv7()}`;
    this.shared.set("distinct_id", id);
    return id;
  }

  private get capture(): Capture {
    return mergeCapture(this.setup.options, this.setup.config);
  }

  private get minDurationMs(): number {
    return this.capture.minDurationMs;
  }

  private get maxDurationMs(): number {
    return this.capture.maxDurationMs;
  }

  /** Decides, from the session id alone, whether this session is recorded, buffered for errors, or skipped. */
  private chooseMode(sessionId: string): "live" | "buffer" | null {
    const { sampleRate, errorSampleRate } = this.capture;
    if (isSampled(sessionId, sampleRate)) return "live";
    return isSampled(`${sessionId}:errors`, errorSampleRate) ? "buffer" : null;
  }

  start(): void {
    if (this.running || this.personBlocked) return;
    const { state } = this.session.touch();
    const mode = this.chooseMode(state.sessionId);
    if (!mode) return;
    this.running = true;
    this.mode = mode === "buffer" ? "buffer" : this.minDurationMs > 0 ? "hold" : "live";
    this.cleanups.push(
      watchNavigation(guard(() => this.onNavigate())),
      watchErrors(guard((payload) => this.onError(payload))),
    );
    const onHide = guard(() => {
      if (document.visibilityState !== "hidden") return;
      finishSnapshots();
      this.exit.soon();
    });
    const onPageHide = guard(() => {
      finishSnapshots();
      this.exit.cancel();
      this.unloading = true;
      for (const listener of this.exitListeners) guard(listener)();
      this.flush(true);
    });
    const onPageShow = () => {
      this.unloading = false;
    };
    const onOnline = guard(() => this.transport.retryNow());
    addEventListener("visibilitychange", onHide);
    addEventListener("pagehide", onPageHide);
    addEventListener("pageshow", onPageShow);
    addEventListener("online", onOnline);
    this.cleanups.push(() => {
      removeEventListener("visibilitychange", onHide);
      removeEventListener("pagehide", onPageHide);
      removeEventListener("pageshow", onPageShow);
      removeEventListener("online", onOnline);
    });
    this.timer = setInterval(
      guard(() => this.flush(false)),
      this.setup.options.flushIntervalMs ?? 5000,
    );
    this.onNavigate();
  }

  stop(dropUnsent = false): void {
    this.stopRrweb?.();
    this.stopRrweb = undefined;
    this.stormPause?.();
    this.stormPause = undefined;
    for (const c of this.cleanups) c();
    this.cleanups = [];
    this.exit.cancel();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (dropUnsent) {
      this.events = [];
      this.transport.clear();
    } else this.flush(false);
    this.running = false;
  }

  private startRrweb(): void {
    const { console: consoleCapture, network } = this.capture;
    const plugins: RecordPlugin[] = [];
    const { loadCapture } = this.setup;
    if (consoleCapture.enabled && loadCapture)
      plugins.push(
        lazyPlugin(CONSOLE_PLUGIN, async () =>
          (await loadCapture()).consolePlugin(consoleCapture.levels, network.denylist),
        ),
      );
    if (network.enabled && loadCapture) {
      const opts = {
        headers: network.headers,
        bodies: network.bodies,
        denylist: network.denylist,
        ignore: this.setup.apiHost,
      };
      plugins.push(lazyPlugin(NETWORK_PLUGIN, async () => (await loadCapture()).networkPlugin(opts)));
    }
    const { options, loadSignals } = this.setup;
    const signalOptions = {
      block: this.masking.blockSelector,
      // After pagehide (a real unload: visibilitychange comes after it) no later task runs.
      flush: guard(() => (this.unloading ? this.flush(true) : this.exit.soon())),
      onExit: (listener: () => void) => this.exitListeners.add(listener),
      onNavigate: (listener: (url: string) => void) => {
        this.navigationListeners.add(listener);
        return () => this.navigationListeners.delete(listener);
      },
      ignore: this.setup.apiHost,
      idOf: (node: Node) => record.mirror.getId(node),
    };
    for (const [name, on] of [
      [VITALS_PLUGIN, options.vitals],
      [FORM_PLUGIN, options.forms],
      [CLICK_PLUGIN, options.clickOffsets],
    ] as const)
      if (on !== false && loadSignals)
        plugins.push(lazyPlugin(name, async () => (await loadSignals())(name, signalOptions)));
    const stopStorms = watchStorms(guard((nodes: number) => this.pauseForStorm(nodes)));
    const waiting: [string, Record<string, unknown>][] = [];
    this.beforeRecording = waiting;
    const stopRecord = record({
      emit: guard((event: RrwebEvent) => this.onEvent(event)),
      prepareSnapshot,
      mutationSlices,
      onRecording: guard(() => {
        if (this.beforeRecording !== waiting) return;
        this.beforeRecording = undefined;
        for (const [tag, payload] of waiting) record.addCustomEvent(tag, payload);
      }),
      ...recordMaskingOptions(this.masking, {
        // The page's functions, read by their quoted public names: recorder.js renames the
        // record() options of these names (sdk/build.mjs), not what the page passed.
        // biome-ignore lint/complexity/useLiteralKeys: a quoted name is not renamed
        maskInputFn: options["maskInputFn"],
        // biome-ignore lint/complexity/useLiteralKeys: a quoted name is not renamed
        maskTextFn: options["maskTextFn"],
      }),
      plugins: plugins as never,
      sampling: { mousemove: 50, scroll: 150, input: "last", media: 800 },
      slimDOMOptions: {
        script: true,
        comment: true,
        headFavicon: true,
        headMetaSocial: true,
        headMetaRobots: true,
        headMetaVerification: true,
      },
      recordCanvas: false,
      collectFonts: false,
      inlineImages: false,
      // Checkpoints: a fresh full snapshot after N minutes of activity, so the player can start a
      // seek there. In buffer mode one every 30 s keeps the last minute replayable.
      checkoutEveryNms:
        this.mode === "buffer"
          ? BUFFER_WINDOW_MS / 2
          : (this.setup.config?.checkpointEveryMs ?? CHECKPOINT_EVERY_MS),
      errorHandler: () => true,
    } as Parameters<typeof record>[0]);
    // Canvas frames come from a separate file, fetched only when the workspace turned them on.
    let sampler: CanvasSampler | undefined;
    let live = true;
    const { config } = this.setup;
    if (config?.canvas?.enabled && options.recordCanvas !== false)
      this.setup.loadCanvas?.().then(
        guard((start: StartCanvasSampler) => {
          if (!live) return;
          sampler = start({
            options,
            config,
            idOf: (canvas) => record.mirror.getId(canvas),
            masking: this.masking,
            emit: guard((data) =>
              this.onEvent({ type: EventType.IncrementalSnapshot, timestamp: Date.now(), data }),
            ),
          });
          this.resendCanvas = () => sampler?.resend();
        }),
        guard(() => {}),
      );
    this.stopRrweb = () => {
      live = false;
      if (this.beforeRecording === waiting) this.beforeRecording = undefined;
      stopStorms();
      stopRecord?.();
      sampler?.stop();
    };
  }

  /**
   * A newer remote config for an open page: recording stops if the workspace turned it off, and
   * changed masking or capture starts a fresh snapshot under the new rules (still merged with the
   * page's options, so nothing the page set stricter loosens).
   */
  applyConfig(config: RemoteConfig): void {
    if (config.enabled === false) {
      this.stop();
      return;
    }
    const before = JSON.stringify([this.masking, this.capture, this.setup.config?.canvas]);
    this.setup.config = config;
    this.transport.setLimits(config.limits);
    this.masking = mergeMasking(this.setup.options, config.masking);
    if (!this.running || JSON.stringify([this.masking, this.capture, config.canvas]) === before) return;
    this.stopRrweb?.();
    this.stopRrweb = undefined;
    this.blockedPage = false;
    this.onNavigate();
  }

  private onNavigate(): void {
    const blocked = urlMatches(location.href, this.masking.blockUrls);
    if (blocked && !this.blockedPage) {
      this.blockedPage = true;
      this.stopRrweb?.();
      this.stopRrweb = undefined;
      return;
    }
    if (blocked) return;
    const fresh = this.blockedPage || !this.stopRrweb;
    if (fresh) {
      this.blockedPage = false;
      this.startRrweb();
    }
    // replaceState with the same URL (routers store state that way) is not a new page view.
    if (location.href === this.lastPageview) return;
    // An SPA navigation is a checkpoint: a seek to this page starts from its own snapshot.
    // (While the first snapshot is still being taken, it will show the new page already.)
    if (!fresh && this.lastPageview !== undefined) {
      // The last view's running vitals first, so they belong to the page they were measured on.
      for (const listener of this.navigationListeners) guard(listener)(location.href);
      if (!this.beforeRecording) record.takeFullSnapshot(true);
    }
    this.lastPageview = location.href;
    this.custom("$pageview", {
      // Ingest refuses a page view's URL over 2,048 characters (urlChars): shortened here.
      url: redactUrl(location.href, this.setup.config?.network.denylist).slice(0, 2048),
      title: (masksPageText(this.masking, document.documentElement) ? maskChars : String)(
        document.title.slice(0, 300),
      ),
      referrer: document.referrer ? redactUrl(document.referrer) : "",
      ...navigationTiming(),
    });
  }

  private onError(payload: ErrorPayload): void {
    // Redacted by capture.js (fetched the first time a page throws) and kept at the time it was
    // thrown; if that file cannot load, only which kind of error it was is sent.
    const at = Date.now();
    const send = guard((p: ErrorPayload) => this.custom("$exception", p, at));
    this.setup.loadCapture?.().then(
      (c) => send(c.redactError(payload, this.capture.network.denylist)),
      () => send({ message: "", stack: "", source: payload.source }),
    );
    if (this.mode === "buffer") {
      // An error in a buffered session: keep it, from the buffered minute on.
      this.mode = "live";
      this.flush(false);
    }
  }

  private onEvent(event: RrwebEvent): void {
    // The session lives in localStorage (shared by tabs): read it at most once per TOUCH_EVERY_MS
    // rather than for each of the many events of a busy page. Any pause longer than that reads it.
    const now = Date.now();
    if (now - this.lastTouch < TOUCH_EVERY_MS) {
      this.keep(event);
      return;
    }
    this.lastTouch = now;
    const { state, rotated } = this.session.touch();
    if (rotated) {
      this.flush(false, this.previousSessionId);
      this.stopRrweb?.();
      this.startRrweb();
      return;
    }
    this.previousSessionId = state.sessionId;
    if (now - state.startedAt > this.maxDurationMs) {
      this.stop();
      return;
    }
    this.keep(event);
  }

  private lastTouch = 0;

  private keep(event: RrwebEvent): void {
    if (event.type === EventType.Meta && typeof event.data.href === "string")
      event.data.href = redactUrl(event.data.href);
    // Privacy's second pass (sdk/src/scrub.ts): some events must not leave at all.
    if (!scrubEvent(event, this.masking, (id) => record.mirror.getNode(id))) return;
    this.events.push(event);
    this.bytes += estimateSize(event);
    if (event.type === EventType.FullSnapshot) this.resendCanvas?.();
    if (this.mode === "buffer") this.trimBuffer();
    else if (this.bytes > BATCH_BYTES) this.flush(false);
    // Send a full snapshot soon, while the page is alive: at page exit only ~64 KB fit in beacons.
    else if (event.type === EventType.FullSnapshot && !this.snapshotFlush) {
      this.snapshotFlush = setTimeout(
        guard(() => {
          this.snapshotFlush = undefined;
          this.flush(false);
        }),
        300,
      );
    }
  }

  /**
   * A burst of changes too big to record one by one: stop rrweb before it processes them (this runs
   * in our observer, called before rrweb's), re-snapshot once the page settles.
   */
  private pauseForStorm(nodes: number): void {
    if (!this.stopRrweb || this.stormPause) return;
    this.custom(STORM_EVENT, { nodes, windowMs: STORM_WINDOW_MS });
    this.stopRrweb();
    this.stopRrweb = undefined;
    this.stormPause = whenQuiet(
      guard(() => {
        this.stormPause = undefined;
        if (this.running && !this.blockedPage && !this.stopRrweb) this.startRrweb();
      }),
    );
  }

  private previousSessionId: string | undefined;
  private lastPageview: string | undefined;
  private snapshotFlush: ReturnType<typeof setTimeout> | undefined;

  /** Keeps the last minute, starting at a full snapshot, so the kept part replays. */
  private trimBuffer(): void {
    const cutoff = Date.now() - BUFFER_WINDOW_MS;
    if ((this.events[0]?.timestamp ?? cutoff) >= cutoff) return;
    let lastSnapshotBefore = -1;
    for (let i = 1; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.type === EventType.FullSnapshot && e.timestamp <= cutoff) lastSnapshotBefore = i;
    }
    if (lastSnapshotBefore > 0) {
      // Keep the Meta event that precedes the full snapshot.
      const start =
        this.events[lastSnapshotBefore - 1]?.type === EventType.Meta
          ? lastSnapshotBefore - 1
          : lastSnapshotBefore;
      this.events = this.events.slice(start);
      this.bytes = this.events.reduce((n, e) => n + estimateSize(e), 0);
    }
  }

  /**
   * Sends the current events as one batch. "hidden": the page may be leaving (gzip over keepalive
   * fetch, sendBeacon if it goes first); true: it is leaving (sendBeacon).
   */
  flush(pageExit: boolean | "hidden", sessionId?: string): void {
    if (this.mode === "buffer") return;
    if (this.mode === "hold") {
      if (Date.now() - this.session.current().startedAt < this.minDurationMs) {
        if (pageExit) this.events = [];
        return;
      }
      this.mode = "live";
    }
    if (this.events.length === 0) {
      if (pageExit === "hidden") this.transport.leaveCompressed(null);
      else if (pageExit) this.transport.drainWithBeacon(null);
      return;
    }
    const state = this.session.current();
    const batch: Batch = {
      v: 1,
      sdk: SDK_VERSION,
      sessionId: sessionId ?? state.sessionId,
      windowId: state.windowId,
      distinctId: this.distinctId,
      batchId: uuidv7(),
      seq: this.seq++,
      events: this.events,
    };
    this.events = [];
    this.bytes = 0;
    if (pageExit === "hidden") this.transport.leaveCompressed(batch);
    else if (pageExit) this.transport.drainWithBeacon(batch);
    else this.transport.enqueue(batch);
  }

  /** `at`: when it happened, if earlier than now (an error redacted after the fact). */
  custom(tag: string, payload: Record<string, unknown>, at?: number): void {
    if (!this.stopRrweb) return;
    // Ingest refuses a name over 200 characters (eventNameChars): shortened here, and said.
    if (tag.length > 200) {
      tag = tag.slice(0, 200);
      console.warn("[rewind] event name cut to 200 characters:", tag);
    }
    if (this.beforeRecording) this.beforeRecording.push([tag, sanitize(payload)]);
    else if (at)
      this.onEvent({ type: EventType.Custom, timestamp: at, data: { tag, payload: sanitize(payload) } });
    else record.addCustomEvent(tag, sanitize(payload));
  }

  identify(distinctId: string, properties: Record<string, unknown> = {}): void {
    const id = String(distinctId).slice(0, 200);
    if (!id) return;
    if (personBlocked(this.masking.blockPersons, id, properties)) {
      // A person who must not be recorded: stop now and drop what was not sent yet.
      this.stop(true);
      this.personBlocked = true;
      return;
    }
    // The anonymous id goes along so the server joins the sessions recorded under it to this person.
    const anonymousId = this.distinctId.startsWith("anon-") ? this.distinctId : undefined;
    this.distinctId = id;
    this.shared.set("distinct_id", id);
    this.custom("$identify", { distinctId: id, anonymousId, properties: sanitize(properties) });
  }

  reset(): void {
    this.flush(false);
    this.distinctId = this.newAnonymousId();
    this.session.start();
    if (this.running) {
      this.stopRrweb?.();
      this.startRrweb();
    }
  }

  getSessionId(): string {
    return this.session.current().sessionId;
  }

  replayUrl(): string {
    return `${this.setup.apiHost.replace(/\/$/, "")}/replay/${encodeURIComponent(this.getSessionId())}?k=${encodeURIComponent(this.setup.key)}`;
  }

  get queued(): number {
    return this.transport.pending;
  }
}

interface MutationData {
  source?: unknown;
  adds?: unknown[];
  removes?: unknown[];
  texts?: unknown[];
  attributes?: unknown[];
}

/**
 * A rough size, enough to decide when to flush, without serializing the event (a JSON.stringify per
 * mutation batch was our largest cost over bare rrweb): 120 bytes per node a mutation changed. A
 * full snapshot counts as half a batch: it is sent on its own shortly after (snapshotFlush), in a
 * task of its own.
 */
export function estimateSize(event: RrwebEvent): number {
  if (event.type === EventType.FullSnapshot) return BATCH_BYTES / 2;
  const d = event.data as MutationData;
  const changed =
    event.type === EventType.IncrementalSnapshot && d.source === IncrementalSource.Mutation
      ? (d.adds?.length ?? 0) +
        (d.removes?.length ?? 0) +
        (d.texts?.length ?? 0) +
        (d.attributes?.length ?? 0)
      : 0;
  return 200 + changed * 120;
}

const SECRET_PROPERTY = /pass|pwd|secret|token|auth|cookie|api_?key|session|card|cvc|cvv|ssn|iban/i;

/** JSON-safe, bounded custom properties; values under secret-looking names are redacted. */
function sanitize(value: Record<string, unknown>): Record<string, unknown> {
  try {
    const text = JSON.stringify(value ?? {}, (k, v) => (k && SECRET_PROPERTY.test(k) ? "[redacted]" : v));
    return text.length > 8000 ? { truncated: true } : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return {};
  }
}

function navigationTiming(): Record<string, number> {
  try {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return nav && nav.loadEventEnd > 0 ? { loadMs: Math.round(nav.loadEventEnd) } : {};
  } catch {
    return {};
  }
}
