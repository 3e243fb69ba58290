import { expect, test } from "vitest";
import { indexReadViolations, namedImports } from "./index-reads";
import { readSource, sourceFiles } from "./source-files";

const files = ["lib/search", "lib/analytics"].flatMap((folder) => sourceFiles(folder));

test("the scan reads the search engine and the analytics", () => {
  expect(files).toContain("lib/search/engine.ts");
  expect(files).toContain("lib/analytics/session-analytics.ts");
});

test("search and analytics read session indexes by name, never by key or store", () => {
  expect(indexReadViolations(files.map((f) => [f, readSource(f)]))).toEqual([]);
});

test("the named-import reader sees type, renamed and multi-line imports", () => {
  const source = [
    'import { a, type B as C } from "@/lib/data/x";',
    "import {\n  d,\n  e as f,\n} from './y';",
    'export { g } from "../z";',
  ].join("\n");
  expect(namedImports(source)).toEqual([
    ["@/lib/data/x", "a"],
    ["@/lib/data/x", "B"],
    ["./y", "d"],
    ["./y", "e"],
    ["../z", "g"],
  ]);
});

test("the check catches each planted way past the interface", () => {
  const planted: [string, string][] = [
    ["lib/search/engine.ts", 'import { sessionKeys } from "@/lib/data/session-keys";'],
    ["lib/search/engine.ts", 'import type { SortDimension } from "../data/session-keys";'],
    ["lib/analytics/session-analytics.ts", 'const k = await import("@/lib/data/session-keys");'],
    ["lib/search/engine.ts", 'import { urlIndexKeysUnder } from "@/lib/data/sessions";'],
    ["lib/analytics/funnel.ts", 'import { sessionIndexStore } from "@/lib/data/session-index";'],
    ["lib/search/engine.ts", 'const key = "{w:" + ws + "}:sess";'],
  ];
  expect(indexReadViolations(planted).map((v) => v.file)).toEqual(planted.map(([file]) => file));
});

test("the check allows the named-index interface and other layers' keys", () => {
  const allowed: [string, string][] = [
    [
      "lib/search/engine.ts",
      'import { scanNewestFirst, type SessionIndex } from "@/lib/data/session-index";',
    ],
    ["lib/search/engine.ts", 'import { storeIntersection } from "@/lib/data/session-index";'],
    ["lib/search/engine.ts", 'import { formKey } from "@/lib/forms";'],
    ["lib/data/sessions.ts", 'import { sessionKeys } from "./session-keys";'],
    ["lib/ingest/apply.ts", 'import { sessionKeys } from "@/lib/data/session-keys";'],
  ];
  expect(indexReadViolations(allowed)).toEqual([]);
});
