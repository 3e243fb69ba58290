import { expect, test } from "vitest";
import { readSource, sourceFiles } from "./source-files";

const routes = sourceFiles("app", /^route\.tsx?$/);

/** What a handler must leave to its caller-kind wrapper (lib/api/with-*.ts). */
function ownErrorHandling(source: string): string[] {
  const found: string[] = [];
  if (/\btry\s*\{/.test(source)) found.push("try {");
  // `promise.catch(() => fallback)` is a local default, not error mapping; a catch clause is.
  if (/(?<!\.)\bcatch\s*\(/.test(source)) found.push("catch (");
  if (/\bhandleErrors\b|\btoErrorResponse\s*\(\s*(error|e|err|thrown)\b/.test(source)) {
    found.push("handleErrors/toErrorResponse(caught)");
  }
  return found;
}

test("the scan finds the route handlers", () => {
  expect(routes.length).toBeGreaterThan(40);
  expect(routes).toContain("app/api/v1/ingest/route.ts");
  expect(routes).toContain("app/replay/[sessionId]/route.ts");
});

test("no route handler catches errors itself: its wrapper maps them", () => {
  const offenders = routes
    .map((path) => ({ path, found: ownErrorHandling(readSource(path)) }))
    .filter((r) => r.found.length > 0);
  expect(offenders).toEqual([]);
});

test("the check catches a handler with its own try/catch", () => {
  const planted = `export async function GET() {\n  try {\n    return work();\n  } catch (error) {\n    return toErrorResponse(error);\n  }\n}`;
  expect(ownErrorHandling(planted)).toEqual(["try {", "catch (", "handleErrors/toErrorResponse(caught)"]);
  expect(ownErrorHandling("const form = await req.formData().catch(() => null);")).toEqual([]);
});
