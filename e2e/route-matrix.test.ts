import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { can, type Permission, type Role, scopeAllows } from "@/lib/auth/permissions";
import { exportedMethods } from "../tests/helpers/route-methods";
import { type RunningApp, startApp } from "./helpers/app";
import { HttpSession, signUp } from "./helpers/http";

/**
 * Every route handler (and server action) with the permission it needs, walked for every kind of
 * caller with the exact status expected. A route file missing from ROUTES fails the last test.
 *
 * Writes send a body that fails validation, so an allowed caller gets 400 and nothing changes:
 * the status tells whether the permission check let the request through.
 */

type Access = { permission: Permission } | { user: true } | { public: true };
interface RouteCase {
  method: string;
  path: string;
  access: Access;
  /** Status for a caller that passes the check. */
  allowed: number;
  json?: unknown;
}

const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/health", access: { public: true }, allowed: 200 },
  { method: "GET", path: "/api/openapi.json", access: { public: true }, allowed: 200 },
  { method: "GET", path: "/api/auth/[...nextauth]", access: { public: true }, allowed: 200 },
  // Without a CSRF token next-auth refuses every POST with a redirect, whoever sends it.
  { method: "POST", path: "/api/auth/[...nextauth]", access: { public: true }, allowed: 302 },
  { method: "POST", path: "/api/v1/signup", access: { public: true }, allowed: 400, json: {} },
  { method: "POST", path: "/api/v1/password/forgot", access: { public: true }, allowed: 400, json: {} },
  { method: "POST", path: "/api/v1/password/reset", access: { public: true }, allowed: 400, json: {} },
  { method: "GET", path: "/api/v1/invites/[token]", access: { public: true }, allowed: 410 },
  // The SDK's routes authenticate by project key (?k=), which no caller here sends.
  { method: "POST", path: "/api/v1/ingest", access: { public: true }, allowed: 401, json: {} },
  { method: "GET", path: "/api/v1/ingest", access: { public: true }, allowed: 405 },
  { method: "PUT", path: "/api/v1/ingest", access: { public: true }, allowed: 405 },
  { method: "PATCH", path: "/api/v1/ingest", access: { public: true }, allowed: 405 },
  { method: "DELETE", path: "/api/v1/ingest", access: { public: true }, allowed: 405 },
  { method: "GET", path: "/api/v1/config", access: { public: true }, allowed: 401 },
  // posthog-js drop-in: the token is a project key, which no caller here sends.
  { method: "GET", path: "/array/[token]/config", access: { public: true }, allowed: 401 },
  { method: "GET", path: "/array/[token]/config.js", access: { public: true }, allowed: 401 },
  { method: "GET", path: "/flags", access: { public: true }, allowed: 200 },
  { method: "POST", path: "/flags", access: { public: true }, allowed: 200, json: {} },
  { method: "GET", path: "/decide", access: { public: true }, allowed: 200 },
  { method: "POST", path: "/decide", access: { public: true }, allowed: 200, json: {} },
  ...["/e", "/s", "/batch", "/i/v0/e"].flatMap((path): RouteCase[] => [
    { method: "POST", path, access: { public: true }, allowed: 400, json: {} },
    ...["GET", "PUT", "PATCH", "DELETE"].map((method) => ({
      method,
      path,
      access: { public: true } as const,
      allowed: 405,
    })),
  ]),

  { method: "POST", path: "/api/v1/invites/[token]", access: { user: true }, allowed: 410 },
  { method: "GET", path: "/api/v1/me", access: { user: true }, allowed: 200 },
  { method: "GET", path: "/api/v1/workspaces", access: { user: true }, allowed: 200 },
  { method: "POST", path: "/api/v1/workspaces", access: { user: true }, allowed: 400, json: {} },
  { method: "GET", path: "/api/v1/workspaces/[ws]", access: { permission: "recordings:read" }, allowed: 200 },
  {
    method: "PATCH",
    path: "/api/v1/workspaces/[ws]",
    access: { permission: "settings:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]",
    access: { permission: "workspace:delete" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/members",
    access: { permission: "members:read" },
    allowed: 200,
  },
  {
    method: "PATCH",
    path: "/api/v1/workspaces/[ws]/members/[userId]",
    access: { permission: "members:invite" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/members/[userId]",
    access: { permission: "members:read" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/invites",
    access: { permission: "members:invite" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/invites",
    access: { permission: "members:invite" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/invites/[inviteId]",
    access: { permission: "members:invite" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/keys",
    access: { permission: "apikeys:own" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/keys",
    access: { permission: "apikeys:own" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/keys/[keyId]",
    access: { permission: "apikeys:own" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/keys/project",
    access: { permission: "keys:write" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/audit",
    access: { permission: "audit:read" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings",
    access: { permission: "recordings:read" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]",
    access: { permission: "recordings:read" },
    allowed: 404,
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]",
    access: { permission: "recordings:delete" },
    allowed: 404,
  },
  // Without ?from=&to= an allowed caller is told what to send.
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/chunks",
    access: { permission: "recordings:read" },
    allowed: 400,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/chunks/[chunkId]",
    access: { permission: "recordings:read" },
    allowed: 404,
  },
  // Without ?url= an allowed caller gets 400: nothing is fetched.
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/assets",
    access: { permission: "recordings:read" },
    allowed: 400,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/events",
    access: { permission: "recordings:read" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/recordings/import",
    access: { permission: "recordings:import" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/comments",
    access: { permission: "recordings:read" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/comments",
    access: { permission: "comments:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "PATCH",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/comments/[commentId]",
    access: { permission: "comments:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/comments/[commentId]",
    access: { permission: "comments:write" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/tags",
    access: { permission: "tags:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/tags/[tag]",
    access: { permission: "tags:write" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/tags",
    access: { permission: "recordings:read" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/persons",
    access: { permission: "persons:read" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/persons/[distinctId]",
    access: { permission: "persons:read" },
    allowed: 404,
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/persons/[distinctId]",
    access: { permission: "persons:delete" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/persons/[distinctId]/events",
    access: { permission: "persons:read" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/events",
    access: { permission: "persons:read" },
    allowed: 200,
  },
  // Without ?path= an allowed caller gets 400: past the permission check.
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/heatmaps",
    access: { permission: "recordings:read" },
    allowed: 400,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/funnels",
    access: { permission: "funnels:read" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/funnels",
    access: { permission: "funnels:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/funnels/[funnelId]",
    access: { permission: "funnels:read" },
    allowed: 404,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/funnels/[funnelId]",
    access: { permission: "funnels:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/funnels/[funnelId]",
    access: { permission: "funnels:write" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/funnels/[funnelId]/summary",
    access: { permission: "funnels:read" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/funnels/run",
    access: { permission: "funnels:read" },
    allowed: 400,
    json: {},
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/funnels/persons",
    access: { permission: "funnels:read" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/settings/recording",
    access: { permission: "settings:read" },
    allowed: 200,
  },
  {
    method: "PATCH",
    path: "/api/v1/workspaces/[ws]/settings/recording",
    access: { permission: "settings:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/settings/sharing",
    access: { permission: "settings:read" },
    allowed: 200,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/settings/sharing",
    access: { permission: "settings:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/integrations",
    access: { permission: "integrations:manage" },
    allowed: 200,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/integrations/[provider]",
    access: { permission: "integrations:manage" },
    allowed: 400,
    json: {},
  },
  // Nothing is connected in the matrix's workspace: disconnecting or testing GitHub finds nothing.
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/integrations/[provider]",
    access: { permission: "integrations:manage" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/integrations/[provider]/test",
    access: { permission: "integrations:manage" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/integrations/webhooks",
    access: { permission: "integrations:manage" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/integrations/webhooks/[webhookId]",
    access: { permission: "integrations:manage" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/integrations/webhooks/[webhookId]/test",
    access: { permission: "integrations:manage" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/integrations/deliveries",
    access: { permission: "integrations:manage" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/issues",
    access: { permission: "recordings:read" },
    allowed: 404,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/recordings/[sessionId]/issues",
    access: { permission: "issues:create" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/settings/retention",
    access: { permission: "settings:read" },
    allowed: 200,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/settings/retention",
    access: { permission: "settings:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/settings/retention/purge",
    access: { permission: "settings:write" },
    allowed: 200,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/settings/privacy/preview",
    access: { permission: "settings:read" },
    allowed: 400,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/playlists",
    access: { permission: "playlists:read" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/playlists",
    access: { permission: "playlists:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/playlists/[playlistId]",
    access: { permission: "playlists:read" },
    allowed: 404,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/playlists/[playlistId]",
    access: { permission: "playlists:write" },
    allowed: 404,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/playlists/[playlistId]",
    access: { permission: "playlists:write" },
    allowed: 404,
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/[ws]/playlists/[playlistId]/recordings/[sessionId]",
    access: { permission: "playlists:write" },
    allowed: 404,
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/playlists/[playlistId]/recordings/[sessionId]",
    access: { permission: "playlists:write" },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/shares",
    access: { permission: "settings:read" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/shares",
    access: { permission: "shares:create" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/shares/[shareId]",
    access: { permission: "shares:create" },
    allowed: 404,
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/persons/[distinctId]/recordings",
    access: { permission: "recordings:delete" },
    allowed: 404,
  },
  // A share link is its own credential; an unknown token opens nothing, whoever asks.
  {
    method: "GET",
    path: "/api/share/[token]/recordings/[sessionId]/chunks/[chunkId]",
    access: { public: true },
    allowed: 404,
  },
  {
    method: "GET",
    path: "/api/share/[token]/recordings/[sessionId]/assets",
    access: { public: true },
    allowed: 404,
  },
  // The purge answers only to CRON_SECRET, which no caller here holds.
  { method: "GET", path: "/api/cron/deliveries", access: { public: true }, allowed: 401 },
  { method: "POST", path: "/api/cron/deliveries", access: { public: true }, allowed: 401 },
  { method: "GET", path: "/api/cron/retention", access: { public: true }, allowed: 401 },
  { method: "POST", path: "/api/cron/retention", access: { public: true }, allowed: 401 },
  {
    method: "GET",
    path: "/api/v1/workspaces/[ws]/cohorts",
    access: { permission: "persons:read" },
    allowed: 200,
  },
  {
    method: "POST",
    path: "/api/v1/workspaces/[ws]/cohorts",
    access: { permission: "cohorts:write" },
    allowed: 400,
    json: {},
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/[ws]/cohorts/[cohortId]",
    access: { permission: "cohorts:write" },
    allowed: 404,
  },
  // Resolves a project key to a recording's page; without a key there is nothing to resolve.
  { method: "GET", path: "/replay/[sessionId]", access: { public: true }, allowed: 404 },
];

/** Server actions ("use server" modules), listed with their permission; none exist yet. */
const SERVER_ACTIONS: { file: string; permission: Permission }[] = [];

type CallerName = "anonymous" | Role | "outsider" | "readKey" | "writeKey";
interface Caller {
  name: CallerName;
  session: HttpSession;
  role?: Role;
  scopes?: ("read" | "write")[];
}

let app: RunningApp;
let slug: string;
const callers: Caller[] = [];

beforeAll(async () => {
  app = await startApp();
  const owner = await signUp(app.url, { email: "owner@matrix.test", workspaceName: "Matrix Co" });
  slug = owner.workspace.slug;
  callers.push({ name: "anonymous", session: new HttpSession(app.url) });
  for (const role of ["viewer", "member", "admin"] as const) {
    const res = await owner.session.fetch(`/api/v1/workspaces/${slug}/invites`, {
      json: { email: `${role}@matrix.test`, role },
    });
    const { url } = (await res.json()) as { url: string };
    const { session } = await signUp(app.url, {
      email: `${role}@matrix.test`,
      inviteToken: url.split("/invite/")[1],
    });
    callers.push({ name: role, session, role });
  }
  callers.push({ name: "owner", session: owner.session, role: "owner" });
  const outsider = await signUp(app.url, { email: "outsider@matrix.test", workspaceName: "Other Co" });
  callers.push({ name: "outsider", session: outsider.session });
  for (const scope of ["read", "write"] as const) {
    const res = await owner.session.fetch(`/api/v1/workspaces/${slug}/keys`, {
      json: { name: scope, scope },
    });
    const { key } = (await res.json()) as { key: string };
    callers.push({
      name: scope === "read" ? "readKey" : "writeKey",
      session: new HttpSession(app.url, { authorization: `Bearer ${key}` }),
      role: "owner",
      scopes: scope === "read" ? ["read"] : ["read", "write"],
    });
  }
}, 300_000);
afterAll(async () => app?.stop({ removeData: true }));

function expected(route: RouteCase, caller: Caller): number {
  const isKey = Boolean(caller.scopes);
  if ("public" in route.access) return route.allowed;
  if (caller.name === "anonymous") return 401;
  if ("user" in route.access) return isKey && route.method !== "GET" ? 403 : route.allowed;
  if (caller.name === "outsider") return 404;
  const { permission } = route.access;
  if (!can(caller.role!, permission)) return 403;
  if (isKey && !scopeAllows(caller.scopes!, permission)) return 403;
  return route.allowed;
}

function concretePath(route: RouteCase): string {
  return route.path
    .replace("[ws]", slug)
    .replace("[userId]", "u_nobody")
    .replace("[inviteId]", "i_nobody")
    .replace("[keyId]", "k_nobody")
    .replace("[sessionId]", "s_nobody")
    .replace("[chunkId]", "1700000000000-b_nobody")
    .replace("[commentId]", "c_nobody")
    .replace("[tag]", "confirmed-bug")
    .replace("[distinctId]", "nobody%40example.com")
    .replace("[funnelId]", "f_nobody")
    .replace("[cohortId]", "c_nobody")
    .replace("[playlistId]", "pl_nobody")
    .replace("[shareId]", "sh_nobody")
    .replace("[provider]", "github")
    .replace("[webhookId]", "wh_nobody")
    .replace("[token]", "inv_not-a-real-invite-token-at-all")
    .replace("[...nextauth]", route.method === "GET" ? "csrf" : "signout");
}

describe("route × caller matrix", () => {
  const names: CallerName[] = [
    "anonymous",
    "viewer",
    "member",
    "admin",
    "owner",
    "outsider",
    "readKey",
    "writeKey",
  ];
  test.each(ROUTES.flatMap((route) => names.map((name) => ({ route, name }))))(
    "$route.method $route.path as $name",
    async ({ route, name }) => {
      const caller = callers.find((c) => c.name === name)!;
      const res = await caller.session.fetch(concretePath(route), { method: route.method, json: route.json });
      expect(res.status, await res.clone().text()).toBe(expected(route, caller));
      if (res.status >= 400 && !route.path.includes("nextauth")) {
        const body = (await res.json()) as { error?: { code?: string; message?: string } };
        expect(typeof body.error?.code).toBe("string");
        expect(typeof body.error?.message).toBe("string");
      }
    },
  );
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

test("every route file and method is in the matrix, and every server action too", () => {
  const root = join(import.meta.dirname, "..");
  const found: string[] = [];
  for (const file of walk(join(root, "app")).filter((f) => /\/route\.tsx?$/.test(f))) {
    const path = `/${relative(join(root, "app"), file)}`
      .replace(/\/route\.tsx?$/, "")
      .replace(/\/\([^)]+\)/g, "");
    const source = readFileSync(file, "utf8");
    const methods = exportedMethods(source);
    for (const method of methods) found.push(`${method} ${path}`);
  }
  const listed = ROUTES.map((r) => `${r.method} ${r.path}`);
  expect(
    found.filter((f) => !listed.includes(f)),
    "routes missing from the matrix",
  ).toEqual([]);
  expect(
    listed.filter((l) => !found.includes(l)),
    "matrix rows with no route",
  ).toEqual([]);

  const actions = ["app", "components", "lib"]
    .flatMap((d) => walk(join(root, d)))
    .filter((f) => /\.(ts|tsx)$/.test(f) && /^\s*["']use server["']/m.test(readFileSync(f, "utf8")))
    .map((f) => relative(root, f));
  expect(
    actions.filter((f) => !SERVER_ACTIONS.some((a) => a.file === f)),
    "server actions missing from the matrix",
  ).toEqual([]);
});
