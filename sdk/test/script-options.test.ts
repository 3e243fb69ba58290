import { expect, test } from "vitest";
import { scriptOptions } from "../src/script-options";

/** A script tag's dataset: data-sample-rate="0.5" arrives as { sampleRate: "0.5" }. */
const tag = (data: Record<string, string>) => scriptOptions(data as DOMStringMap);

test("numbers, selectors and the API host are read from data-* attributes", () => {
  expect(
    tag({
      key: "pk_1",
      apiHost: "https://rewind.example",
      level: "2",
      sampleRate: "0.25",
      errorSampleRate: "0.5",
      minDurationMs: "3000",
      idleTimeoutMs: "600000",
      maxDurationMs: "3600000",
      flushIntervalMs: "2000",
      maskTextSelector: ".pii",
      unmaskTextSelector: ".price",
      blockSelector: "#card",
      sessionId: "site-123",
    }),
  ).toEqual({
    apiHost: "https://rewind.example",
    level: 2,
    sampleRate: 0.25,
    errorSampleRate: 0.5,
    minDurationMs: 3000,
    idleTimeoutMs: 600000,
    maxDurationMs: 3600000,
    flushIntervalMs: 2000,
    maskTextSelector: ".pii",
    unmaskTextSelector: ".price",
    blockSelector: "#card",
    sessionId: "site-123",
  });
});

test("a number that does not parse is left out, so the default applies", () => {
  expect(tag({ sampleRate: "half", level: "" })).toEqual({});
});

test("flags are on when present unless they say false", () => {
  expect(tag({ requireConsent: "", debug: "true" })).toEqual({ requireConsent: true, debug: true });
  expect(tag({ requireConsent: "false" })).toEqual({ requireConsent: false });
});

test('data-record-canvas="false" refuses canvas frames; present leaves them to the workspace', () => {
  expect(tag({ recordCanvas: "false" })).toEqual({ recordCanvas: false });
  expect(tag({ recordCanvas: "" })).toEqual({ recordCanvas: true });
  expect(tag({ recordCanvas: "true" })).toEqual({ recordCanvas: true });
});

test("page signals' attributes are the recorder's to read, not the loader's", () => {
  expect(tag({ vitals: "false", forms: "false", clickOffsets: "false" })).toEqual({});
});

test("lists are separated by spaces", () => {
  expect(tag({ blockUrls: "/admin  /billing /^\\/account\\/\\d+$/" })).toEqual({
    blockUrls: ["/admin", "/billing", "/^\\/account\\/\\d+$/"],
  });
});

test("console and network: on, off, or the levels and parts asked for", () => {
  expect(tag({ console: "" })).toEqual({ console: true });
  expect(tag({ console: "false", network: "false" })).toEqual({ console: false, network: false });
  expect(tag({ console: "warn error" })).toEqual({ console: { levels: ["warn", "error"] } });
  expect(tag({ network: "headers" })).toEqual({ network: { headers: true, bodies: false } });
  expect(tag({ network: "true" })).toEqual({ network: true });
});

test("blocked people are read as JSON; a broken value is ignored", () => {
  expect(tag({ blockPersons: '[{"property":"plan","value":"vip"},{"nope":1}]' })).toEqual({
    blockPersons: [{ property: "plan", value: "vip" }],
  });
  expect(tag({ blockPersons: "[{" })).toEqual({});
});
