import { expect, test } from "vitest";
import { importsOf, violations } from "./import-graph";
import { readSource, sourceFiles } from "./source-files";

const files = ["lib", "app", "components"].flatMap((folder) => sourceFiles(folder));

test("the scan reads lib, app and components", () => {
  expect(files).toContain("lib/data/sessions.ts");
  expect(files).toContain("lib/storage/kv/index.ts");
  expect(files.some((f) => f.startsWith("app/"))).toBe(true);
  expect(files.some((f) => f.startsWith("components/"))).toBe(true);
});

test("the layers hold: storage only through lib/data, and lib/data imports nothing of HTTP, Next or the UI", () => {
  expect(violations(files.map((f) => [f, readSource(f)]))).toEqual([]);
});

test("the import reader sees every import form", () => {
  const source = [
    'import { a } from "@/lib/a";',
    'import type { B } from "./b";',
    'export { c } from "../c";',
    'import "side-effect";',
    'const d = await import("@/lib/d");',
    "import {\n  e,\n  f,\n} from 'next/server';",
  ].join("\n");
  expect(importsOf(source).sort()).toEqual([
    "../c",
    "./b",
    "@/lib/a",
    "@/lib/d",
    "next/server",
    "side-effect",
  ]);
});

test("the checker catches each planted violation", () => {
  const planted: [string, string][] = [
    ["lib/search/engine.ts", 'import { kv } from "@/lib/storage/kv";'],
    ["components/x/list.tsx", 'import { blob } from "../../lib/storage/blob";'],
    ["app/api/health/route.ts", 'const h = await import("@/lib/storage/health");'],
    ["lib/data/things.ts", 'import { ApiError } from "@/lib/api/errors";'],
    ["lib/data/things.ts", 'import { redirect } from "next/navigation";'],
    ["lib/data/things.ts", 'import { View } from "@/components/view";'],
    ["lib/data/nested/deep.ts", 'import { x } from "../../../app/page";'],
  ];
  const found = violations(planted);
  expect(found.map((v) => v.file)).toEqual(planted.map(([file]) => file));
});

test("the checker allows what the layers allow", () => {
  const allowed: [string, string][] = [
    ["lib/data/sessions.ts", 'import { kv } from "@/lib/storage/kv";'],
    ["lib/storage/kv/index.ts", 'import { x } from "../health";'],
    ["lib/api/errors.ts", 'import { NotFound } from "@/lib/errors/domain";'],
    ["app/api/x/route.ts", 'import { getThing } from "@/lib/data/things";'],
    ["lib/data/things.ts", 'import { z } from "zod";'],
  ];
  expect(violations(allowed)).toEqual([]);
});
