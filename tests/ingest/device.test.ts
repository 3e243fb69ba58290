import { expect, test } from "vitest";
import { parseDevice } from "@/lib/ingest/device";

const chromeMac =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const safariPhone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

test("a user agent parsed again (remembered) reads the same, and another agent reads as its own", () => {
  expect(parseDevice(chromeMac)).toEqual({ browser: "chrome", os: "macos", device: "desktop" });
  expect(parseDevice(chromeMac)).toEqual({ browser: "chrome", os: "macos", device: "desktop" });
  expect(parseDevice(safariPhone)).toEqual({ browser: "safari", os: "ios", device: "mobile" });
  expect(parseDevice(null)).toEqual({ browser: "unknown", os: "unknown", device: "other" });
});

test("past the remembered agents the cache starts over and still answers right", () => {
  for (let i = 0; i < 600; i++) parseDevice(`${chromeMac} build/${i}`);
  expect(parseDevice(safariPhone)).toEqual({ browser: "safari", os: "ios", device: "mobile" });
});
