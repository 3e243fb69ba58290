/**
 * Batches leave as gzip (CompressionStream) over fetch with keepalive, also when the page is hidden
 * (leaveCompressed), or as plain JSON through sendBeacon when the page goes away before that. Network errors, 5xx and 429 are retried with exponential
 * backoff and jitter (Retry-After wins); a 413 splits the batch; other 4xx drop it. A batch over
 * the server's caps (remote config `limits`) is split before it is sent.
 */

import { type Batch, EventType, type WireLimits } from "./wire";

export type { Batch };

export type SendResult = { status: number; retryAfterSec?: number } | { networkError: true };

export type Decision =
  | { action: "done" }
  | { action: "drop" }
  | { action: "split" }
  | { action: "retry"; delayMs: number };

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export function decide(result: SendResult, attempt: number, random: () => number = Math.random): Decision {
  if ("status" in result && result.status >= 200 && result.status < 300) return { action: "done" };
  if ("status" in result && result.status === 413) return { action: "split" };
  const retryable = "networkError" in result || result.status === 429 || result.status >= 500;
  if (!retryable || attempt + 1 >= MAX_ATTEMPTS) return { action: "drop" };
  if ("status" in result && result.retryAfterSec && result.retryAfterSec > 0) {
    return { action: "retry", delayMs: Math.min(result.retryAfterSec * 1000, 5 * 60_000) };
  }
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return { action: "retry", delayMs: Math.round(exp * (0.5 + random())) };
}

export interface TransportDeps {
  post(body: BodyInit, keepalive: boolean): Promise<SendResult>;
  beacon(body: string): boolean;
  gzip?(text: string): Promise<Uint8Array>;
  /** JSON of a batch; the recorder's gives the main thread back between slices. */
  serialize?(batch: Batch): Promise<string>;
  newId(): string;
  random?(): number;
  schedule?(fn: () => void, ms: number): unknown;
}

interface Pending {
  batch: Batch;
  attempt: number;
  notBefore: number;
}

export const MAX_QUEUE = 40;
const KEEPALIVE_LIMIT = 60_000;
const BEACON_LIMIT = 60_000;

export class Transport {
  private queue: Pending[] = [];
  private sending = false;
  private wake: unknown = null;

  constructor(private readonly deps: TransportDeps) {}

  get pending(): number {
    return this.queue.length;
  }

  private limits: WireLimits | null = null;

  /** The server's caps, from the remote config: batches are split to fit them before sending. */
  setLimits(limits: WireLimits | undefined): void {
    this.limits = limits ?? null;
  }

  enqueue(batch: Batch): void {
    for (const part of this.fitted(batch)) this.queue.push({ batch: part, attempt: 0, notBefore: 0 });
    // A bounded queue: under a long outage the oldest batches give way.
    while (this.queue.length > MAX_QUEUE) this.queue.shift();
    void this.pump();
  }

  /** Sends what is due now; resolves when the queue is empty or waiting for a retry. */
  async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0]!;
        const wait = head.notBefore - Date.now();
        if (wait > 0) {
          this.later(wait);
          return;
        }
        const result = await this.send(head.batch);
        const decision = decide(result, head.attempt, this.deps.random);
        if (decision.action === "retry") {
          head.attempt++;
          head.notBefore = Date.now() + decision.delayMs;
          continue;
        }
        this.queue.shift();
        if (decision.action === "split" && head.batch.events.length > 1) {
          const parts = this.halves(head.batch).map((batch) => ({ batch, attempt: 0, notBefore: 0 }));
          this.queue.unshift(...parts);
        } else if (decision.action !== "done") {
          console.warn(
            `[rewind] a batch was refused (${"status" in result ? result.status : "network"}); dropped`,
          );
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private halves(batch: Batch): Batch[] {
    const half = Math.ceil(batch.events.length / 2);
    return [batch.events.slice(0, half), batch.events.slice(half)].map((events) => ({
      ...batch,
      batchId: this.deps.newId(),
      events,
    }));
  }

  /** The batch, or its halves (recursively) while it is over a cap the server told us. */
  private fitted(batch: Batch): Batch[] {
    const l = this.limits;
    if (!l || batch.events.length <= 1) return [batch];
    const captured = batch.events.filter((e) => e.type === EventType.Custom).length;
    if (batch.events.length <= l.eventsPerBatch && captured <= l.capturedEventsPerBatch) return [batch];
    return this.halves(batch).flatMap((part) => this.fitted(part));
  }

  /** Drops every batch not sent yet (opt-out, or a person who must not be recorded). */
  clear(): void {
    this.queue = [];
  }

  /** Retry now (the browser came back online). */
  retryNow(): void {
    for (const p of this.queue) p.notBefore = 0;
    void this.pump();
  }

  private later(ms: number): void {
    if (this.wake) return;
    const schedule = this.deps.schedule ?? ((fn: () => void, t: number) => setTimeout(fn, t));
    this.wake = schedule(() => {
      this.wake = null;
      void this.pump();
    }, ms);
  }

  private async send(batch: Batch): Promise<SendResult> {
    const text = this.deps.serialize ? await this.deps.serialize(batch) : JSON.stringify(batch);
    let body: BodyInit = text;
    let size = text.length;
    if (this.deps.gzip) {
      try {
        const zipped = await this.deps.gzip(text);
        body = zipped as unknown as BodyInit;
        size = zipped.byteLength;
      } catch {}
    }
    return this.deps.post(body, size < KEEPALIVE_LIMIT);
  }

  /** Batches compressing on their way out after the page was hidden; `gone` once handed to a request. */
  private leaving: { batch: Batch; gone: boolean }[] = [];

  /** Everything unsent, the page's last batch split to fit the caps as `enqueue` splits (so no beacon is a 413). */
  private takeAll(extra: Batch | null): Batch[] {
    const batches = this.queue.map((p) => p.batch);
    if (extra) batches.push(...this.fitted(extra));
    this.queue = [];
    return batches;
  }

  /**
   * The page was hidden: it may be gone in a moment, or come back. Everything unsent leaves gzipped
   * over keepalive fetch (a fifth of the bytes of a plain beacon); what is still compressing when
   * the page really goes (drainWithBeacon at pagehide) leaves as a plain beacon instead, so each
   * batch is handed to one request. A failed send goes back to the queue while the page lives.
   */
  leaveCompressed(extra: Batch | null): void {
    const { gzip } = this.deps;
    if (!gzip) {
      this.drainWithBeacon(extra);
      return;
    }
    for (const batch of this.takeAll(extra)) {
      const entry = { batch, gone: false };
      this.leaving.push(entry);
      void (async () => {
        let zipped: Uint8Array | undefined;
        try {
          zipped = await gzip(JSON.stringify(batch));
        } catch {}
        if (entry.gone) return;
        entry.gone = true;
        this.leaving = this.leaving.filter((e) => e !== entry);
        if (!zipped || zipped.byteLength >= KEEPALIVE_LIMIT) return this.beaconSplit(batch);
        const result = await this.deps.post(zipped as unknown as BodyInit, true);
        if (decide(result, 0, this.deps.random).action !== "done") this.enqueue(batch);
      })();
    }
  }

  /** The page is going away: hand everything unsent to sendBeacon, split to fit its limit. */
  drainWithBeacon(extra: Batch | null): void {
    const batches = this.takeAll(extra);
    for (const entry of this.leaving) if (!entry.gone) batches.push(entry.batch);
    for (const entry of this.leaving) entry.gone = true;
    this.leaving = [];
    for (const b of batches) this.beaconSplit(b);
  }

  private beaconSplit(batch: Batch): void {
    const text = JSON.stringify(batch);
    if (text.length <= BEACON_LIMIT || batch.events.length <= 1) {
      if (!this.deps.beacon(text)) void this.deps.post(text, text.length < KEEPALIVE_LIMIT);
      return;
    }
    const half = Math.ceil(batch.events.length / 2);
    this.beaconSplit({ ...batch, batchId: this.deps.newId(), events: batch.events.slice(0, half) });
    this.beaconSplit({ ...batch, batchId: this.deps.newId(), events: batch.events.slice(half) });
  }
}

/**
 * Gzip with CompressionStream, read from a Blob's stream: the Blob holds the text as UTF-8 (encoded
 * natively, a surrogate pair whole) and its stream feeds the compressor in chunks, each in a task
 * of its own, so on the main thread too it is no long task. It refers to nothing outside itself:
 * its source is also the compression worker's (sdk/src/gzip-worker.ts).
 */
export const gzipText = async (text: string): Promise<Uint8Array> =>
  new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
