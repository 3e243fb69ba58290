import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { type OpenApiDocument, openApiDocument } from "@/lib/api/openapi";
import { exportedMethods, type HttpMethod } from "../helpers/route-methods";

/**
 * The OpenAPI document must describe every method of every route under app/api/v1, and be a
 * structurally sound OpenAPI 3.1 document. The route list is read from the files, not from the
 * document, so a new route without an entry in lib/api/openapi.ts fails here.
 */

interface RouteFile {
  /** OpenAPI path, e.g. /api/v1/workspaces/{ws}/recordings/{sessionId} */
  path: string;
  methods: HttpMethod[];
}

/** Every route.ts under `<root>/app/api/v1`, with its URL path in OpenAPI form. */
function routeFiles(root: string): RouteFile[] {
  const base = join(root, "app", "api", "v1");
  const files = (readdirSync(base, { recursive: true }) as string[]).filter(
    (f) => f === "route.ts" || f.endsWith(`${sep}route.ts`),
  );
  return files.map((file) => {
    const dir = relative(join(root, "app"), join(base, file, ".."));
    const path = `/${dir.split(sep).join("/")}`.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
    return { path, methods: exportedMethods(readFileSync(join(base, file), "utf8")) };
  });
}

/** "METHOD /path" for each route method the document does not describe. */
function missingFromDocument(routes: RouteFile[], doc: OpenApiDocument): string[] {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  return routes.flatMap((route) =>
    route.methods.filter((m) => !paths[route.path]?.[m.toLowerCase()]).map((m) => `${m} ${route.path}`),
  );
}

/** Every `$ref` in the document, with where it was found. */
function refsOf(node: unknown, at = "#"): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [{ ref: v, at }] : refsOf(v, `${at}/${k}`),
  );
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, key) => (node && typeof node === "object" ? (node as never)[key] : undefined),
      doc,
    );
}

/** Structural problems against OpenAPI 3.1 (the parts a generator or a hand edit can get wrong). */
function structuralProblems(doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (!/^3\.1\.\d+$/.test(doc.openapi)) problems.push(`openapi is ${doc.openapi}, not 3.1.x`);
  if (!doc.info?.title || !doc.info?.version) problems.push("info needs title and version");
  const schemes = Object.keys(doc.components?.securitySchemes ?? {});
  const seenIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith("/")) problems.push(`path ${path} does not start with /`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      if (!["get", "put", "post", "delete", "options", "head", "patch", "trace"].includes(method)) {
        problems.push(`${path}: unknown operation key ${method}`);
        continue;
      }
      const where = `${method.toUpperCase()} ${path}`;
      const params = (op.parameters ?? []) as { name: string; in: string; required?: boolean }[];
      const inPath = params.filter((p) => p.in === "path");
      if (JSON.stringify(inPath.map((p) => p.name).sort()) !== JSON.stringify(templated)) {
        problems.push(`${where}: path parameters ${inPath.map((p) => p.name)} ≠ template ${templated}`);
      }
      for (const p of inPath)
        if (p.required !== true) problems.push(`${where}: path parameter ${p.name} not required`);
      const keys = params.map((p) => `${p.in}:${p.name}`);
      if (new Set(keys).size !== keys.length) problems.push(`${where}: duplicate parameters`);
      const responses = Object.keys((op.responses ?? {}) as object);
      if (responses.length === 0) problems.push(`${where}: no responses`);
      for (const status of responses) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: bad status ${status}`);
        const response = (op.responses as Record<string, { description?: unknown }>)[status]!;
        if (typeof response.description !== "string") problems.push(`${where} ${status}: no description`);
      }
      for (const requirement of (op.security ?? []) as Record<string, unknown>[]) {
        for (const name of Object.keys(requirement)) {
          if (!schemes.includes(name)) problems.push(`${where}: unknown security scheme ${name}`);
        }
      }
      const id = op.operationId as string | undefined;
      if (id !== undefined) {
        if (seenIds.has(id)) problems.push(`${where}: duplicate operationId ${id}`);
        seenIds.add(id);
      }
    }
  }
  for (const { ref, at } of refsOf(doc)) {
    if (resolvePointer(doc, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
  }
  return problems;
}

const doc = openApiDocument();

describe("the OpenAPI document", () => {
  test("describes every exported method of every route under app/api/v1", () => {
    const routes = routeFiles(process.cwd());
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.flatMap((r) => r.methods).length).toBeGreaterThan(70);
    expect(missingFromDocument(routes, doc)).toEqual([]);
  });

  test("is structurally valid OpenAPI 3.1, every $ref resolving", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components?.schemas ?? {})).toContain("Error");
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual([
      "cronSecret",
      "personalKey",
      "projectKey",
      "sessionCookie",
    ]);
    expect(refsOf(doc).length).toBeGreaterThan(100);
    expect(structuralProblems(doc)).toEqual([]);
  });

  test("request bodies and queries come from the handlers' schemas", () => {
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    const signup = JSON.stringify(paths["/api/v1/signup"]!.post!.requestBody);
    expect(signup).toContain('"required":["email","password"]');
    const search = paths["/api/v1/workspaces/{ws}/recordings"]!.get!.parameters as { name: string }[];
    expect(search.map((p) => p.name).sort()).toEqual(["cursor", "limit", "q", "sort", "ws"]);
    const failure = JSON.stringify(paths["/api/v1/workspaces/{ws}/recordings"]!.get!.responses);
    expect(failure).toContain('"401"');
    expect(failure).toContain("#/components/schemas/Error");
  });
});

describe("the checker", () => {
  const planted = mkdtempSync(join(tmpdir(), "rewind-openapi-"));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  test("reports a route the document lacks, and a method removed from the document", () => {
    const dir = join(planted, "app", "api", "v1", "workspaces", "[ws]", "widgets", "[widgetId]");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "route.ts"),
      "export const GET = handler;\nexport async function DELETE() {}\nfunction no() {}\nexport { no as PATCH };\n",
    );
    expect(missingFromDocument(routeFiles(planted), doc)).toEqual([
      "GET /api/v1/workspaces/{ws}/widgets/{widgetId}",
      "PATCH /api/v1/workspaces/{ws}/widgets/{widgetId}",
      "DELETE /api/v1/workspaces/{ws}/widgets/{widgetId}",
    ]);

    const trimmed = structuredClone(doc);
    delete (trimmed.paths as Record<string, Record<string, unknown>>)["/api/v1/workspaces/{ws}/tags"]!.get;
    expect(missingFromDocument(routeFiles(process.cwd()), trimmed)).toEqual([
      "GET /api/v1/workspaces/{ws}/tags",
    ]);
  });

  test("reports a dangling $ref and a path parameter missing from the template", () => {
    const broken = structuredClone(doc) as OpenApiDocument & { paths: Record<string, Record<string, never>> };
    const op = broken.paths["/api/v1/workspaces/{ws}/tags"]!.get! as { responses: Record<string, unknown> };
    op.responses["418"] = {
      description: "x",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } },
    };
    broken.paths["/api/v1/widgets/{id}"] = { get: { responses: { 200: { description: "x" } } } as never };
    const problems = structuralProblems(broken);
    expect(problems.some((p) => p.includes("#/components/schemas/Nope does not resolve"))).toBe(true);
    expect(problems.some((p) => p.startsWith("GET /api/v1/widgets/{id}: path parameters"))).toBe(true);
  });
});

test("GET /api/openapi.json serves the document, public and cacheable", async () => {
  const response = GET();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
  const body = (await response.json()) as OpenApiDocument;
  expect(body.openapi).toBe("3.1.0");
  expect(body).toEqual(JSON.parse(JSON.stringify(doc)));
});
