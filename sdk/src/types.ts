/** Public options of the SDK and the remote config the server sends (docs/SDK.md). */

import type { WireLimits } from "./wire";

export type MaskingLevel = 1 | 2 | 3 | 4;

export interface MaskingOptions {
  /** 1 inputs (default) · 2 inputs and all text · 3 also sections by selector · 4 also pages not recorded. */
  level?: MaskingLevel;
  maskTextSelector?: string | null;
  unmaskTextSelector?: string | null;
  blockSelector?: string | null;
  /** Pages (URL substrings or /regex/) that are never recorded. */
  blockUrls?: string[];
  /** People never recorded: identify() with a matching distinct id or property stops and drops the session. */
  blockPersons?: PersonRule[];
}

export interface PersonRule {
  /** "distinctId", or the name of a property passed to identify(). */
  property: string;
  value: string;
}

export interface RewindOptions extends MaskingOptions {
  apiHost?: string;
  /** Record nothing until optIn(). */
  requireConsent?: boolean;
  sampleRate?: number;
  errorSampleRate?: number;
  minDurationMs?: number;
  idleTimeoutMs?: number;
  maxDurationMs?: number;
  /** Use the site's own session id instead of ours. */
  sessionId?: string;
  maskInputFn?: (text: string, element: HTMLElement) => string;
  maskTextFn?: (text: string, element: HTMLElement | null) => string;
  console?: boolean | { levels?: string[] };
  network?: boolean | { headers?: boolean; bodies?: boolean };
  /**
   * Canvas frames: `true` or `{ fps, quality }` asks for sampled webp images of each recorded
   * <canvas>; recorded only when the workspace turns canvas on too (docs/SDK.md).
   */
  recordCanvas?: boolean | CanvasOptions;
  /** Web Vitals (LCP, INP, CLS, FCP, TTFB) of each page load; on unless false (docs/SDK.md). */
  vitals?: boolean;
  /** Form submissions (name, id, action path and submit button; never values); on unless false. */
  forms?: boolean;
  /**
   * Where inside its target element each click landed (fractions of the element's box; numbers
   * only), so heatmaps place clicks on their element at any width; on unless false (docs/SDK.md).
   */
  clickOffsets?: boolean;
  /** Milliseconds between batches. */
  flushIntervalMs?: number;
  debug?: boolean;
}

export interface CanvasOptions {
  /** Frames per second, at most (0.2–10, default 2). */
  fps?: number;
  /** webp quality, 0.1–1 (default 0.6). */
  quality?: number;
}

export interface RemoteConfig {
  enabled: boolean;
  sampleRate: number;
  minDurationMs: number;
  errorSampleRate: number;
  idleTimeoutMs: number;
  maxDurationMs: number;
  /** A checkpoint (fresh full snapshot) after this much activity; absent from older servers: 5 min. */
  checkpointEveryMs?: number;
  /** "site": the workspace uses the site's own session ids (init's `sessionId`). */
  sessionIdSource?: "rewind" | "site";
  masking: {
    level: MaskingLevel;
    maskTextSelector: string | null;
    unmaskTextSelector: string | null;
    blockSelector: string | null;
    blockUrls: string[];
    blockPersons?: PersonRule[];
  };
  console: { enabled: boolean; levels: string[] };
  network: { enabled: boolean; headers: boolean; bodies: boolean; denylist: string[] };
  /** Absent from servers older than canvas support: then canvas is off. */
  canvas?: { enabled: boolean; fps: number; quality: number };
  /** Ingest's caps: batches are split to fit them before sending. */
  limits?: WireLimits;
}

export interface RewindApi {
  init(key: string, options?: RewindOptions): void;
  identify(distinctId: string, properties?: Record<string, unknown>): void;
  reset(): void;
  capture(name: string, properties?: Record<string, unknown>): void;
  startRecording(): void;
  stopRecording(): void;
  optIn(): void;
  optOut(): void;
  getSessionId(): string | null;
  getReplayUrl(): string | null;
}
