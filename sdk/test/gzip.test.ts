import { gunzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { gzipText } from "../src/transport";

test("gzipText round-trips a text of many slices, a surrogate pair on every slice boundary included", async () => {
  // 256 Ki - 1 ASCII characters put the first half of each emoji at the end of a slice.
  const block = `${"a".repeat(256 * 1024 - 1)}😀`;
  const text = `${block.repeat(5)}tail é ü 漢字`;
  const zipped = await gzipText(text);
  expect(zipped.byteLength).toBeLessThan(text.length / 50);
  expect(gunzipSync(zipped).toString("utf8")).toBe(text);
});

test("gzipText handles the empty text and a short one", async () => {
  expect(gunzipSync(await gzipText("")).toString("utf8")).toBe("");
  expect(gunzipSync(await gzipText('{"v":1}')).toString("utf8")).toBe('{"v":1}');
});
