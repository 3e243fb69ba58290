import { type KeyValueStore, uuidv7 } from "./shared";

/**
 * The session id is shared by the site's tabs (localStorage) and rotates after idleTimeoutMs
 * without activity or maxAgeMs in all; each tab has its own window id (sessionStorage).
 */

export interface SessionState {
  sessionId: string;
  windowId: string;
  startedAt: number;
  lastActivity: number;
}

export interface SessionOptions {
  idleTimeoutMs: number;
  maxAgeMs: number;
  /** A session id chosen by the site; rotation is then the site's business. */
  fixedSessionId?: string;
}

const SESSION_KEY = "session";
const WINDOW_KEY = "window";
// Writing on every mouse move would be wasteful; activity is recorded at this granularity.
const TOUCH_EVERY_MS = 5_000;

export class SessionManager {
  private state: SessionState | null = null;

  constructor(
    private readonly shared: KeyValueStore,
    private readonly perTab: KeyValueStore,
    private readonly options: SessionOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  private read(): Omit<SessionState, "windowId"> | null {
    try {
      const raw = this.shared.get(SESSION_KEY);
      const parsed = raw ? (JSON.parse(raw) as Omit<SessionState, "windowId">) : null;
      return parsed && typeof parsed.sessionId === "string" ? parsed : null;
    } catch {
      return null;
    }
  }

  private windowId(): string {
    let id = this.perTab.get(WINDOW_KEY);
    if (!id) {
      id = uuidv7(this.clock());
      this.perTab.set(WINDOW_KEY, id);
    }
    return id;
  }

  private expired(s: Omit<SessionState, "windowId">, now: number): boolean {
    if (this.options.fixedSessionId) return s.sessionId !== this.options.fixedSessionId;
    return now - s.lastActivity > this.options.idleTimeoutMs || now - s.startedAt > this.options.maxAgeMs;
  }

  /** The current session, starting a new one when there is none or it has expired. */
  current(): SessionState {
    const now = this.clock();
    const stored = this.read();
    if (stored && !this.expired(stored, now)) {
      this.state = { ...stored, windowId: this.windowId() };
      return this.state;
    }
    return this.start(now);
  }

  /** Whether the session changed since the last call of current() or touch(). */
  touch(): { state: SessionState; rotated: boolean } {
    const before = this.state?.sessionId;
    const state = this.current();
    const now = this.clock();
    if (now - state.lastActivity >= TOUCH_EVERY_MS) {
      state.lastActivity = now;
      this.persist(state);
    }
    return { state, rotated: before !== undefined && before !== state.sessionId };
  }

  /** Ends the current session (logout, reset()) and starts a new one. */
  start(now = this.clock()): SessionState {
    const sessionId = this.options.fixedSessionId ?? uuidv7(now);
    this.state = { sessionId, windowId: this.windowId(), startedAt: now, lastActivity: now };
    this.persist(this.state);
    return this.state;
  }

  private persist(s: SessionState): void {
    this.shared.set(
      SESSION_KEY,
      JSON.stringify({ sessionId: s.sessionId, startedAt: s.startedAt, lastActivity: s.lastActivity }),
    );
  }
}
