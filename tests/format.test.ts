import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { formatDate, formatDateTime, formatNumber, LOCALE } from "@/lib/format";

/**
 * Dates and numbers reach the UI only through lib/format.ts, whose locale is explicit: a bare
 * `toLocaleString()` follows the runtime's locale, so a server render and the browser's hydration
 * can disagree.
 */

/** Nothing is left out: the player's comments panel formats through lib/format too. */
const NOT_YET: string[] = [];

/** Where a source formats a date or number itself instead of through lib/format. */
function ownFormatting(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\.toLocale(?:Date|Time)?String\([^)]*\)|new\s+Intl\.\w+\([^)]*\)/g)) {
    found.push(m[0]);
  }
  return found;
}

function sources(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f).split("\\").join("/"))
    .filter((f) => /\.tsx?$/.test(f));
}

test("components and app format dates and numbers only through lib/format", () => {
  const files = [...sources("components"), ...sources("app")].filter(
    (f) => !NOT_YET.some((p) => f.startsWith(p)),
  );
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((f) =>
    ownFormatting(readFileSync(f, "utf8")).map((call) => `${f}: ${call}`),
  );
  expect(offenders).toEqual([]);
});

test("the check catches bare and explicit-locale calls alike", () => {
  expect(ownFormatting("x.toLocaleString()")).toEqual([".toLocaleString()"]);
  expect(ownFormatting('new Date(t).toLocaleDateString("de")')).toEqual(['.toLocaleDateString("de")']);
  expect(ownFormatting("d.toLocaleTimeString()")).toHaveLength(1);
  expect(ownFormatting("new Intl.NumberFormat()")).toEqual(["new Intl.NumberFormat()"]);
  expect(ownFormatting("formatNumber(x); s.toLocaleUpperCase()")).toEqual([]);
});

test("the formatter gives the same text whatever the runtime's default locale", () => {
  expect(LOCALE).toBe("en-US");
  expect(formatNumber(1234567.5)).toBe("1,234,567.5");
  expect(formatNumber(0)).toBe("0");
  // A fixed instant, read in the process's time zone as the UI does; only the shape is asserted.
  const at = new Date(2026, 11, 3, 13, 5, 9);
  expect(formatDate(at)).toBe("12/3/2026");
  expect(formatDate(at.getTime())).toBe("12/3/2026");
  expect(formatDateTime(at)).toBe("12/3/2026, 1:05:09 PM");
  expect(formatDateTime(at.toISOString())).toBe("12/3/2026, 1:05:09 PM");
});
