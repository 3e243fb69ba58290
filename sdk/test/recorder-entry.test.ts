import { afterEach, expect, test, vi } from "vitest";
import type { RecorderSetup } from "../src/recorder";
import type { RewindOptions } from "../src/types";

/**
 * recorder.js reads data-vitals, data-forms and data-click-offsets off the loader's tag itself
 * (sdk/src/recorder-entry.ts): the loader, fetched on every page, has no bytes to spare for them.
 */

vi.mock("../src/recorder", () => ({
  Recorder: class {
    constructor(readonly setup: RecorderSetup) {}
  },
}));

afterEach(() => vi.unstubAllGlobals());

/** The options the recorder starts with, under a script tag carrying `dataset`. */
async function optionsUnder(dataset: Record<string, string>, options: RewindOptions = {}) {
  vi.resetModules();
  const w: { __rewindRecorder?: (setup: RecorderSetup) => unknown } = {};
  vi.stubGlobal("window", w);
  vi.stubGlobal("document", {
    currentScript: null,
    querySelector: (selector: string) => (selector === "script[data-key]" ? { dataset } : null),
  });
  await import("../src/recorder-entry");
  const setup: RecorderSetup = { key: "pk_test", apiHost: "https://rewind.example", options, config: null };
  w.__rewindRecorder!(setup);
  return setup.options;
}

test('data-vitals, data-forms and data-click-offsets = "false" turn each page signal off', async () => {
  expect(await optionsUnder({ key: "pk_test", vitals: "false" })).toEqual({ vitals: false });
  expect(await optionsUnder({ key: "pk_test", forms: "false" })).toEqual({ forms: false });
  expect(await optionsUnder({ key: "pk_test", clickOffsets: "false" })).toEqual({ clickOffsets: false });
  expect(
    await optionsUnder({ key: "pk_test", vitals: "false", forms: "false", clickOffsets: "false" }),
  ).toEqual({
    vitals: false,
    forms: false,
    clickOffsets: false,
  });
});

test('present, "true" or any other value leaves them on (the default)', async () => {
  expect(await optionsUnder({ key: "pk_test", vitals: "", forms: "true", clickOffsets: "no" })).toEqual({});
  expect(await optionsUnder({ key: "pk_test" })).toEqual({});
});

test("an init() option wins over the tag", async () => {
  expect(await optionsUnder({ key: "pk_test", vitals: "false" }, { vitals: true })).toEqual({ vitals: true });
});
