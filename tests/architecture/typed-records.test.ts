import { expect, test } from "vitest";
import { readSource, sourceFiles } from "./source-files";

/**
 * lib/data hands typed records upward (docs/ARCHITECTURE.md §1b): a stored value is parsed with
 * its entity's schema, not cast, and nothing above lib/data coerces a session's fields.
 */

/** Modules whose stored JSON is still cast rather than parsed; the list only shrinks. */
const NOT_YET = new Set([
  "lib/data/audit.ts",
  "lib/data/deliveries.ts",
  "lib/data/events.ts",
  "lib/data/heatmaps.ts",
  "lib/data/integrations.ts",
  "lib/data/keys.ts",
  "lib/data/sessions.ts",
  "lib/data/settings.ts",
  "lib/data/vitals.ts",
]);

/** A stored value cast to a type instead of parsed. */
const castRead = (source: string) => /JSON\.parse\([^;]*\)\s+as\s+[A-Z]/.test(source);

/** A caller coercing what should already be typed: `Number(s.fields.x …)` or `fields.x ?? "…"`. */
const coercedField = (source: string) =>
  /\bNumber\(\s*[\w.!?]*\bfields\.\w+|\bfields\.\w+\s*\?\?\s*["'`]|fields:\s*Record<string,\s*string>/.test(
    source,
  );

test("lib/data modules parse what they read, except the ones still listed", () => {
  const casting = sourceFiles("lib/data").filter((path) => castRead(readSource(path)));
  expect(casting.filter((path) => !NOT_YET.has(path))).toEqual([]);
  // A module that no longer casts leaves the list.
  expect([...NOT_YET].filter((path) => !casting.includes(path))).toEqual([]);
});

test("nothing above lib/data coerces a session's fields", () => {
  const files = ["app", "components", "lib"].flatMap((folder) => sourceFiles(folder));
  const offenders = files.filter((path) => !path.startsWith("lib/data/") && coercedField(readSource(path)));
  expect(offenders).toEqual([]);
});

test("the checks catch a cast read and a coerced field", () => {
  expect(castRead("return raw ? (JSON.parse(raw) as Playlist) : null;")).toBe(true);
  expect(castRead("return parseJsonRecord(playlistRecord, what, raw);")).toBe(false);
  expect(coercedField("const n = Number(s.fields.clickCount ?? 0);")).toBe(true);
  expect(coercedField('const who = session.fields.distinctId ?? "";')).toBe(true);
  expect(coercedField("fields: Record<string, string>;")).toBe(true);
  expect(coercedField("const n = s.fields.clickCount;")).toBe(false);
  expect(coercedField("{formatNumber(s.fields.clickCount)}")).toBe(false);
});
