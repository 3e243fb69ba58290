import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

/**
 * Pages and feature components build tables with components/ui/data-table and style inputs with
 * components/ui/control, so sorting, empty states, accessibility and the look live in one place.
 */

/** What still writes its own, and why. Remove an entry when it moves to the kit. */
const ALLOWED: Record<string, string> = {
  "components/player/":
    "the player is being split by another change; its panels are dense, live views, not lists",
  "components/recordings/recordings-table.tsx":
    "keyboard navigation (j/k), row focus and server cursors over a live search: its own grid until DataTable grows row focus",
  "components/demo/demo-shop.tsx": "a stand-in for a customer's shop, deliberately not styled like Rewind",
};

/** A raw <table> element in JSX. */
const RAW_TABLE = /<table[\s>]/g;
/** A copy of the control look: a zinc-300 border with the dark input background, in one class string. */
const COPIED_CONTROL = /["'`][^"'`]*\bborder-zinc-300\b[^"'`]*\bdark:bg-zinc-9[05]0\b[^"'`]*["'`]/g;

function ownUi(source: string): string[] {
  return [...source.matchAll(RAW_TABLE), ...source.matchAll(COPIED_CONTROL)].map((m) => m[0].slice(0, 60));
}

function sources(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f).split("\\").join("/"))
    .filter((f) => /\.tsx?$/.test(f));
}

test("no page or feature component writes a raw table or copies the control class", () => {
  const files = [...sources("app"), ...sources("components")].filter(
    (f) => !f.startsWith("components/ui/") && !Object.keys(ALLOWED).some((p) => f.startsWith(p)),
  );
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((f) => ownUi(readFileSync(f, "utf8")).map((hit) => `${f}: ${hit}`));
  expect(offenders).toEqual([]);
});

test("every allow-listed path exists and still needs its entry", () => {
  for (const path of Object.keys(ALLOWED)) {
    const files = path.endsWith("/") ? sources(path.slice(0, -1)) : [path];
    expect(
      files.some((f) => ownUi(readFileSync(f, "utf8")).length > 0),
      path,
    ).toBe(true);
  }
});

test("the check catches tables and copied control classes, not look-alikes", () => {
  expect(ownUi('<table className="w-full">')).toHaveLength(1);
  expect(ownUi("<table>")).toHaveLength(1);
  expect(
    ownUi(
      'className="rounded-md border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"',
    ),
  ).toHaveLength(1);
  expect(ownUi("<DataTable label='x' /> <tablet> controlClass('sm')")).toEqual([]);
  expect(
    ownUi('className="rounded-xl border border-dashed border-zinc-300 p-6 dark:border-zinc-700"'),
  ).toEqual([]);
});
