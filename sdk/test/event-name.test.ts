import { expect, test, vi } from "vitest";
import { Recorder } from "../src/recorder";

/** Ingest refuses a custom event named over 200 characters (eventNameChars): the SDK shortens it, and says so. */
test("a custom event's name over 200 characters is cut to 200, with a console warning", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    // The recorder before rrweb's first snapshot: custom events wait in `beforeRecording`.
    const waiting: [string, unknown][] = [];
    const r = Object.assign(Object.create(Recorder.prototype), {
      stopRrweb: () => {},
      beforeRecording: waiting,
    }) as Recorder;
    r.custom("n".repeat(250), {});
    r.custom("added_to_cart", {});
    expect(waiting.map(([tag]) => tag)).toEqual(["n".repeat(200), "added_to_cart"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("[rewind] event name cut to 200 characters");
  } finally {
    warn.mockRestore();
  }
});
