import { expect, test } from "vitest";
import { mergeCapture } from "../src/config-merge";
import type { RemoteConfig } from "../src/types";

/** Remote config × page options: the stricter side wins, for each setting; a loosening never applies. */

const remote = (over: Partial<RemoteConfig> = {}): RemoteConfig => ({
  enabled: true,
  sampleRate: 1,
  minDurationMs: 0,
  errorSampleRate: 0,
  idleTimeoutMs: 30 * 60_000,
  maxDurationMs: 24 * 3600_000,
  masking: { level: 1, maskTextSelector: null, unmaskTextSelector: null, blockSelector: null, blockUrls: [] },
  console: { enabled: false, levels: ["warn", "error", "assert"] },
  network: { enabled: false, headers: false, bodies: false, denylist: ["password"] },
  ...over,
});

test("sampling: the lower rate applies whichever side sets it", () => {
  expect(mergeCapture({}, remote({ sampleRate: 0.2 })).sampleRate).toBe(0.2); // server stricter
  expect(mergeCapture({ sampleRate: 0.1 }, remote({ sampleRate: 0.5 })).sampleRate).toBe(0.1); // client stricter
  expect(mergeCapture({ sampleRate: 0.3 }, remote({ sampleRate: 0.3 })).sampleRate).toBe(0.3); // both
  expect(mergeCapture({ sampleRate: 1 }, remote({ sampleRate: 0.2 })).sampleRate).toBe(0.2); // no loosening
  expect(mergeCapture({ sampleRate: 7 }, null).sampleRate).toBe(1); // nonsense is ignored
});

test("error buffer: the lower share applies; a page cannot turn it on against the workspace", () => {
  expect(mergeCapture({}, remote({ errorSampleRate: 0.5 })).errorSampleRate).toBe(0.5);
  expect(mergeCapture({ errorSampleRate: 0.1 }, remote({ errorSampleRate: 0.5 })).errorSampleRate).toBe(0.1);
  expect(mergeCapture({ errorSampleRate: 1 }, remote({ errorSampleRate: 0 })).errorSampleRate).toBe(0);
  expect(mergeCapture({ errorSampleRate: 0.4 }, null).errorSampleRate).toBe(0.4);
});

test("durations: the longer minimum and the shorter maximum apply", () => {
  const m = mergeCapture(
    { minDurationMs: 5000, maxDurationMs: 3_600_000 },
    remote({ minDurationMs: 10_000, maxDurationMs: 7_200_000 }),
  );
  expect(m.minDurationMs).toBe(10_000);
  expect(m.maxDurationMs).toBe(3_600_000);
  const looser = mergeCapture(
    { minDurationMs: 0, maxDurationMs: 48 * 3600_000 },
    remote({ minDurationMs: 2000, maxDurationMs: 600_000 }),
  );
  expect(looser.minDurationMs).toBe(2000);
  expect(looser.maxDurationMs).toBe(600_000);
});

test("console: on only when the workspace turns it on and the page does not turn it off", () => {
  expect(mergeCapture({}, remote()).console.enabled).toBe(false);
  expect(mergeCapture({ console: true }, remote()).console.enabled).toBe(false); // page cannot loosen
  const serverOn = remote({ console: { enabled: true, levels: ["error", "warn"] } });
  expect(mergeCapture({}, serverOn).console).toEqual({ enabled: true, levels: ["error", "warn"] });
  expect(mergeCapture({ console: false }, serverOn).console.enabled).toBe(false); // client stricter
  // Levels: only those both allow.
  expect(mergeCapture({ console: { levels: ["error", "log"] } }, serverOn).console.levels).toEqual(["error"]);
  // Without a reachable config the page's own choice applies, off by default.
  expect(mergeCapture({}, null).console.enabled).toBe(false);
  expect(mergeCapture({ console: true }, null).console.enabled).toBe(true);
});

test("network: headers and bodies only when both sides allow them; denylists add up", () => {
  const serverAll = remote({ network: { enabled: true, headers: true, bodies: true, denylist: ["ssn"] } });
  const all = mergeCapture({}, serverAll).network;
  expect(all).toMatchObject({ enabled: true, headers: true, bodies: true });
  expect(all.denylist).toEqual(expect.arrayContaining(["ssn", "password", "authorization", "cookie"]));
  expect(mergeCapture({ network: { headers: false } }, serverAll).network).toMatchObject({
    headers: false,
    bodies: true,
  });
  const serverBare = remote({ network: { enabled: true, headers: false, bodies: false, denylist: [] } });
  expect(mergeCapture({ network: { headers: true, bodies: true } }, serverBare).network).toMatchObject({
    enabled: true,
    headers: false,
    bodies: false,
  });
  expect(mergeCapture({ network: false }, serverAll).network.enabled).toBe(false);
  expect(mergeCapture({ network: true }, remote()).network.enabled).toBe(false);
  // An empty server denylist never removes the built-in names.
  expect(mergeCapture({}, serverBare).network.denylist).toEqual(
    expect.arrayContaining(["password", "token"]),
  );
});

test("a partial or old remote config never loosens anything", () => {
  const partial = { enabled: true } as RemoteConfig;
  const m = mergeCapture({ console: true, network: true }, partial);
  expect(m.console.enabled).toBe(false);
  expect(m.network.enabled).toBe(false);
  expect(m.sampleRate).toBe(1);
});
