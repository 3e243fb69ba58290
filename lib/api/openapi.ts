import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  chunkRangeQuery,
  createWorkspaceBody,
  deleteWorkspaceBody,
  editCommentBody,
  forgotBody,
  funnelPersonsBody,
  heatmapQueryFields,
  inviteBody,
  newCommentBody,
  personalKeyBody,
  personEventsQuery,
  personsQuery,
  privacyPreviewQuery,
  recordingSettingsChange,
  recordingsQuery,
  resetBody,
  retentionChangeBody,
  retentionPreviewQuery,
  roleBody,
  signupBody,
  tagBody,
  updateWorkspaceBody,
} from "@/lib/api/schemas";
import { cohortDefinition } from "@/lib/data/cohorts";
import { funnelDefinition } from "@/lib/data/funnels";
import { integrationInputs } from "@/lib/data/integrations";
import { playlistInput } from "@/lib/data/playlists";
import { sharingPolicy } from "@/lib/data/settings";
import { shareInput } from "@/lib/data/shares";
import { batchEnvelope } from "@/lib/ingest/schema";
import { newIssueInput } from "@/lib/integrations/issues";
import { version } from "@/lib/version";
import { errorStatus } from "./errors";

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the same zod schemas the handlers parse with
 * (lib/api/schemas.ts and the data layer's inputs). tests/api/openapi.test.ts fails when a route
 * under app/api/v1 exports a method this file does not describe.
 */

type Method = "get" | "post" | "put" | "patch" | "delete";

/** Who may call: each maps to the security requirements of lib/api's wrappers. */
type Caller =
  | "public"
  | "user" // a signed-in person (session cookie); GETs also take a personal key
  | "workspace" // a member's session, or a personal key of that workspace
  | "project" // the project key in ?k= (the SDK)
  | "share" // a share link's token in the path
  | "cron"; // Authorization: Bearer $CRON_SECRET

interface Operation {
  method: Method;
  /** OpenAPI path with `{param}` segments, from the site root. */
  path: string;
  summary: string;
  caller: Caller;
  /** The workspace permission a route checks (lib/auth/permissions.ts). */
  permission?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Success status and what the answer holds. */
  ok: { status: number; description: string };
}

const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
      message: z.string().meta({ description: "For people; the code is for programs." }),
    }),
  })
  .meta({ id: "Error", description: "The one error shape of every route." });

/** Answers are described in prose (docs/API.md lists their fields) until the records get typed schemas. */
const jsonAnswer = z.object({}).catchall(z.unknown()).meta({ id: "JsonObject" });

const SECURITY: Record<Caller, RouteConfig["security"]> = {
  public: [],
  user: [{ sessionCookie: [] }, { personalKey: [] }],
  workspace: [{ sessionCookie: [] }, { personalKey: [] }],
  project: [{ projectKey: [] }],
  share: [],
  cron: [{ cronSecret: [] }],
};

/** Failures every caller kind can meet, on top of 400 for operations that read input. */
const ERRORS: Record<Caller, number[]> = {
  public: [429],
  user: [401, 403, 429],
  workspace: [401, 403, 404, 429],
  project: [401, 403, 413, 429, 503],
  share: [404],
  cron: [401],
};

/** Groups operations by the resource after the workspace (or after /api/v1). */
function tagOf(path: string): string {
  const rest = path.replace(/^\/api\/v1\/workspaces\/\{ws\}/, "").replace(/^\/api(\/v1)?/, "");
  return rest.split("/")[1] || "workspaces";
}

function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}

function errorResponses(statuses: number[]): RouteConfig["responses"] {
  const byStatus: Record<number, string[]> = {};
  for (const [code, status] of Object.entries(errorStatus))
    byStatus[status] = [...(byStatus[status] ?? []), code];
  return Object.fromEntries(
    [...new Set(statuses)]
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: (byStatus[status] ?? ["error"]).join(" / "),
          content: { "application/json": { schema: errorBody } },
        },
      ]),
  );
}

function register(registry: OpenAPIRegistry, op: Operation): void {
  const statuses = [...ERRORS[op.caller], 500];
  if (op.body || op.query || op.path.includes("{")) statuses.push(400);
  if (op.body) statuses.push(413, 415);
  registry.registerPath({
    method: op.method,
    path: op.path,
    summary: op.summary,
    tags: [tagOf(op.path)],
    security: SECURITY[op.caller],
    ...(op.permission ? { "x-permission": op.permission } : {}),
    request: {
      params: pathParams(op.path),
      query: op.query,
      body: op.body ? { required: true, content: { "application/json": { schema: op.body } } } : undefined,
    },
    responses: {
      [op.ok.status]: {
        description: op.ok.description,
        content: { "application/json": { schema: jsonAnswer } },
      },
      ...errorResponses(statuses),
    },
  });
}

const V1 = "/api/v1";
const WS = `${V1}/workspaces/{ws}`;
const REC = `${WS}/recordings/{sessionId}`;
const assetQuery = z.object({ url: z.string().max(2048) });
const sharedAssetQuery = assetQuery.extend({ chunk: z.string().max(90) });
const ok = (description: string, status = 200) => ({ status, description });
const okTrue = ok("`{ ok: true }`");

const OPERATIONS: Operation[] = [
  // Outside /api/v1
  {
    method: "get",
    path: "/api/health",
    summary: "Liveness with a round trip to both stores",
    caller: "public",
    ok: ok("`{ ok, kv, blob, version }`; 503 names the failing store"),
  },
  {
    method: "get",
    path: "/api/cron/deliveries",
    summary: "Send due notifications and retries (cron)",
    caller: "cron",
    ok: ok("`{ ok, ran, failed }`"),
  },
  {
    method: "post",
    path: "/api/cron/deliveries",
    summary: "Send due notifications and retries (cron)",
    caller: "cron",
    ok: ok("`{ ok, ran, failed }`"),
  },
  {
    method: "get",
    path: "/api/cron/retention",
    summary: "Run the retention purge (Vercel cron)",
    caller: "cron",
    ok: ok("`{ ok, ran, complete, sessions, bytes, workspaces }`"),
  },
  {
    method: "post",
    path: "/api/cron/retention",
    summary: "Run the retention purge",
    caller: "cron",
    ok: ok("`{ ok, ran, complete, sessions, bytes, workspaces }`"),
  },
  {
    method: "get",
    path: "/api/share/{token}/recordings/{sessionId}/chunks/{chunkId}",
    summary: "A chunk of a shared recording",
    caller: "share",
    ok: ok("the stored batch: JSON sent with `Content-Encoding: gzip`"),
  },
  {
    method: "get",
    path: "/api/share/{token}/recordings/{sessionId}/assets",
    summary:
      "A stylesheet or web font the shared recording names, for a share link's viewer: `?chunk=` the chunk that names it, `?url=` its address; only an unread stylesheet link of that chunk or a font its CSS loads (else 404), from the workspace's asset store (fetched once by the server, as for members; 502 when the site could not be fetched)",
    caller: "share",
    query: sharedAssetQuery,
    ok: ok("the stylesheet (url()s made absolute, @imports inlined) or font, with its content type"),
  },

  // SDK
  {
    method: "post",
    path: `${V1}/ingest`,
    summary: "Send a batch of recorded events (the SDK)",
    caller: "project",
    body: batchEnvelope,
    ok: ok("`{ ok, duplicate? }`"),
  },
  {
    method: "get",
    path: `${V1}/config`,
    summary: "Remote config for the SDK (cacheable 60 s)",
    caller: "project",
    ok: ok("the recording settings the SDK applies, with `limits`"),
  },

  // Accounts
  {
    method: "post",
    path: `${V1}/signup`,
    summary: "Create an account (and a workspace, or join by invite)",
    caller: "public",
    body: signupBody,
    ok: ok("`{ user, workspace }`", 201),
  },
  {
    method: "post",
    path: `${V1}/password/forgot`,
    summary: "Ask for a password reset email",
    caller: "public",
    body: forgotBody,
    ok: ok("always 200 (no account enumeration)"),
  },
  {
    method: "post",
    path: `${V1}/password/reset`,
    summary: "Set a new password with a reset token",
    caller: "public",
    body: resetBody,
    ok: ok("`{ ok, email }`; 410 when used or expired"),
  },
  {
    method: "get",
    path: `${V1}/invites/{token}`,
    summary: "What an invite is for",
    caller: "public",
    ok: ok("`{ workspace: { name, slug }, email, role, expiresAt }`; 410 when invalid"),
  },
  {
    method: "post",
    path: `${V1}/invites/{token}`,
    summary: "Accept an invite (the signed-in email must match)",
    caller: "user",
    ok: ok("`{ workspace, role }`"),
  },
  {
    method: "get",
    path: `${V1}/me`,
    summary: "The caller and their workspaces",
    caller: "user",
    ok: ok("`{ user, workspaces }`"),
  },
  {
    method: "get",
    path: `${V1}/workspaces`,
    summary: "The caller's workspaces",
    caller: "user",
    ok: ok("`{ workspaces }`"),
  },
  {
    method: "post",
    path: `${V1}/workspaces`,
    summary: "Create a workspace",
    caller: "user",
    body: createWorkspaceBody,
    ok: ok("`{ workspace }`", 201),
  },

  // Workspace
  {
    method: "get",
    path: WS,
    summary: "The workspace and the caller's role",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("`{ workspace, role }`"),
  },
  {
    method: "patch",
    path: WS,
    summary: "Rename the workspace or change its slug",
    caller: "workspace",
    permission: "settings:write",
    body: updateWorkspaceBody,
    ok: ok("`{ workspace }`"),
  },
  {
    method: "delete",
    path: WS,
    summary: "Delete the workspace and everything in it",
    caller: "workspace",
    permission: "workspace:delete",
    body: deleteWorkspaceBody,
    ok: okTrue,
  },
  {
    method: "get",
    path: `${WS}/audit`,
    summary: "The audit log",
    caller: "workspace",
    permission: "audit:read",
    ok: ok("`{ entries: [{ at, action, actorEmail, target, detail }] }`"),
  },
  {
    method: "get",
    path: `${WS}/members`,
    summary: "Members and their roles",
    caller: "workspace",
    permission: "members:read",
    ok: ok("`{ members: [{ userId, role, email, name }] }`"),
  },
  {
    method: "patch",
    path: `${WS}/members/{userId}`,
    summary: "Change a member's role",
    caller: "workspace",
    permission: "members:invite",
    body: roleBody,
    ok: ok("`{ member }`"),
  },
  {
    method: "delete",
    path: `${WS}/members/{userId}`,
    summary: "Remove a member (or leave)",
    caller: "workspace",
    permission: "members:read",
    ok: okTrue,
  },
  {
    method: "get",
    path: `${WS}/invites`,
    summary: "Open invites",
    caller: "workspace",
    permission: "members:invite",
    ok: ok("`{ invites }`"),
  },
  {
    method: "post",
    path: `${WS}/invites`,
    summary: "Invite someone by email",
    caller: "workspace",
    permission: "members:invite",
    body: inviteBody,
    ok: ok("`{ invite, url, emailed }`", 201),
  },
  {
    method: "delete",
    path: `${WS}/invites/{inviteId}`,
    summary: "Withdraw an invite",
    caller: "workspace",
    permission: "members:invite",
    ok: okTrue,
  },
  {
    method: "get",
    path: `${WS}/keys`,
    summary: "The project key and personal API keys",
    caller: "workspace",
    permission: "apikeys:own",
    ok: ok("`{ projectKey: { current, previous, previousExpiresAt }, personalKeys }`"),
  },
  {
    method: "post",
    path: `${WS}/keys`,
    summary: "Create a personal API key (shown only here)",
    caller: "workspace",
    permission: "apikeys:own",
    body: personalKeyBody,
    ok: ok("`{ key, meta }`", 201),
  },
  {
    method: "delete",
    path: `${WS}/keys/{keyId}`,
    summary: "Revoke a personal API key",
    caller: "workspace",
    permission: "apikeys:own",
    ok: okTrue,
  },
  {
    method: "post",
    path: `${WS}/keys/project`,
    summary: "Rotate the project key (the old one works 24 h more)",
    caller: "workspace",
    permission: "keys:write",
    ok: ok("`{ projectKey }`"),
  },

  // Recordings
  {
    method: "get",
    path: `${WS}/recordings`,
    summary: "Search recordings (docs/SEARCH.md), a page at a time",
    caller: "workspace",
    permission: "recordings:read",
    query: recordingsQuery,
    ok: ok("`{ sessions, nextCursor }`"),
  },
  {
    method: "get",
    path: REC,
    summary: "A recording's manifest, signals, tags and comments",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("`{ session, signals, chunks, tags, comments }`"),
  },
  {
    method: "delete",
    path: REC,
    summary: "Delete a recording",
    caller: "workspace",
    permission: "recordings:delete",
    ok: okTrue,
  },
  {
    method: "get",
    path: `${REC}/events`,
    summary: "Export a recording as one rrweb events JSON array (streamed; plays in a stock rrweb-player)",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("a JSON array of rrweb events, as a file download"),
  },
  {
    method: "post",
    path: `${WS}/recordings/import`,
    summary:
      "Import an rrweb events file (JSON array or `{ events }`, plain or gzipped) as a new recording; `?person=` names its person",
    caller: "workspace",
    permission: "recordings:import",
    ok: ok("`{ sessionId, events, batches }`", 201),
  },
  {
    method: "get",
    path: `${REC}/chunks`,
    summary: "The chunks starting in [from, to] (epoch ms) in one answer: at most 32 chunks and 8 MB stored",
    caller: "workspace",
    permission: "recordings:read",
    query: chunkRangeQuery,
    ok: ok(
      "binary frames, one per chunk: u16 id length, id, u32 length, the stored gzip (lib/replay/chunk-range.ts); 413 past the limits",
    ),
  },
  {
    method: "get",
    path: `${REC}/chunks/{chunkId}`,
    summary: "One stored batch, streamed as stored",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("the stored batch: JSON sent with `Content-Encoding: gzip`, cached as immutable"),
  },
  {
    method: "get",
    path: `${WS}/assets`,
    summary:
      "A stylesheet or web font a replay needs that the recording does not hold, by its address on the recorded site (`?url=`): fetched once by the server (http(s), public addresses only, 8 s, 4 MB, stylesheets and fonts only), then served from the workspace's asset store; 502 when the site could not be fetched",
    caller: "workspace",
    permission: "recordings:read",
    query: assetQuery,
    ok: ok("the stylesheet (url()s made absolute, @imports inlined) or font, with its content type"),
  },
  {
    method: "get",
    path: `${REC}/comments`,
    summary: "Comments on a recording, by moment",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("`{ comments }`"),
  },
  {
    method: "post",
    path: `${REC}/comments`,
    summary: "Comment at a moment of the recording",
    caller: "workspace",
    permission: "comments:write",
    body: newCommentBody,
    ok: ok("`{ comment }`; 409 past the cap", 201),
  },
  {
    method: "patch",
    path: `${REC}/comments/{commentId}`,
    summary: "Edit your comment",
    caller: "workspace",
    permission: "comments:write",
    body: editCommentBody,
    ok: ok("`{ comment }`"),
  },
  {
    method: "delete",
    path: `${REC}/comments/{commentId}`,
    summary: "Delete a comment (yours, or any with comments:moderate)",
    caller: "workspace",
    permission: "comments:write",
    ok: okTrue,
  },
  {
    method: "post",
    path: `${REC}/tags`,
    summary: "Tag a recording",
    caller: "workspace",
    permission: "tags:write",
    body: tagBody,
    ok: ok("`{ tags }` (200 when already tagged)", 201),
  },
  {
    method: "delete",
    path: `${REC}/tags/{tag}`,
    summary: "Remove a tag from a recording",
    caller: "workspace",
    permission: "tags:write",
    ok: ok("`{ tags }`"),
  },
  {
    method: "get",
    path: `${WS}/tags`,
    summary: "Tags in use, most used first",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("`{ tags: [{ tag, count }] }`"),
  },

  // Persons and events
  {
    method: "get",
    path: `${WS}/persons`,
    summary: "Persons, most recently seen (or most sessions) first",
    caller: "workspace",
    permission: "persons:read",
    query: personsQuery,
    ok: ok("`{ persons, nextCursor, truncated }`"),
  },
  {
    method: "get",
    path: `${WS}/persons/{distinctId}`,
    summary: "A person and their profile",
    caller: "workspace",
    permission: "persons:read",
    ok: ok("`{ person, profile }`"),
  },
  {
    method: "delete",
    path: `${WS}/persons/{distinctId}`,
    summary: "Delete a person with every recording and property",
    caller: "workspace",
    permission: "persons:delete",
    ok: ok("`{ ok, sessions }`"),
  },
  {
    method: "get",
    path: `${WS}/persons/{distinctId}/events`,
    summary: "A person's events, newest first",
    caller: "workspace",
    permission: "persons:read",
    query: personEventsQuery,
    ok: ok("`{ events, nextCursor }`"),
  },
  {
    method: "delete",
    path: `${WS}/persons/{distinctId}/recordings`,
    summary: "Delete every recording of a person",
    caller: "workspace",
    permission: "recordings:delete",
    ok: ok("`{ ok, sessions }`"),
  },
  {
    method: "get",
    path: `${WS}/events`,
    summary: "Event names with volume",
    caller: "workspace",
    permission: "persons:read",
    ok: ok("`{ events: [{ name, volume, lastSeen }] }`"),
  },
  {
    method: "get",
    path: `${WS}/cohorts`,
    summary: "Cohorts with their sizes",
    caller: "workspace",
    permission: "persons:read",
    ok: ok("`{ cohorts }`"),
  },
  {
    method: "post",
    path: `${WS}/cohorts`,
    summary: "Create a cohort",
    caller: "workspace",
    permission: "cohorts:write",
    body: cohortDefinition,
    ok: ok("`{ cohort }`; 409 when the name is taken", 201),
  },
  {
    method: "delete",
    path: `${WS}/cohorts/{cohortId}`,
    summary: "Delete a cohort",
    caller: "workspace",
    permission: "cohorts:write",
    ok: okTrue,
  },

  // Funnels
  {
    method: "get",
    path: `${WS}/funnels`,
    summary: "Saved funnels",
    caller: "workspace",
    permission: "funnels:read",
    ok: ok("`{ funnels }`"),
  },
  {
    method: "post",
    path: `${WS}/funnels`,
    summary: "Save a funnel",
    caller: "workspace",
    permission: "funnels:write",
    body: funnelDefinition,
    ok: ok("`{ funnel }`", 201),
  },
  {
    method: "get",
    path: `${WS}/funnels/{funnelId}`,
    summary: "A saved funnel",
    caller: "workspace",
    permission: "funnels:read",
    ok: ok("`{ funnel }`"),
  },
  {
    method: "put",
    path: `${WS}/funnels/{funnelId}`,
    summary: "Replace a saved funnel",
    caller: "workspace",
    permission: "funnels:write",
    body: funnelDefinition,
    ok: ok("`{ funnel }`"),
  },
  {
    method: "delete",
    path: `${WS}/funnels/{funnelId}`,
    summary: "Delete a saved funnel",
    caller: "workspace",
    permission: "funnels:write",
    ok: okTrue,
  },
  {
    method: "get",
    path: `${WS}/funnels/{funnelId}/summary`,
    summary: "A saved funnel's conversion over its range, with its weekly trend",
    caller: "workspace",
    permission: "funnels:read",
    ok: ok("`{ summary: { entered, converted, rate, weekChange, weekly, from, to } }`"),
  },
  {
    method: "post",
    path: `${WS}/funnels/run`,
    summary: "Run a funnel definition",
    caller: "workspace",
    permission: "funnels:read",
    body: funnelDefinition.omit({ name: true }),
    ok: ok("`{ steps, breakdown, eventsRead, from, to }`"),
  },
  {
    method: "post",
    path: `${WS}/funnels/persons`,
    summary: "The persons behind one funnel bar",
    caller: "workspace",
    permission: "funnels:read",
    body: funnelPersonsBody,
    ok: ok("`{ persons, total }`"),
  },

  // Heatmaps
  {
    method: "get",
    path: `${WS}/heatmaps`,
    summary:
      "A page's heatmap (clicks, clicks by element, rage, dead, moves or scroll depth), its elements and backdrops",
    caller: "workspace",
    permission: "recordings:read",
    query: heatmapQueryFields,
    ok: ok("`{ heatmap: { sessions, truncated, grid, cells, depth, elements, snapshots, … } }`"),
  },

  // Playlists and shares
  {
    method: "get",
    path: `${WS}/playlists`,
    summary: "Playlists (`?pinned=<sessionId>` marks those pinning it)",
    caller: "workspace",
    permission: "playlists:read",
    query: z.object({ pinned: z.string().optional() }),
    ok: ok("`{ playlists }`"),
  },
  {
    method: "post",
    path: `${WS}/playlists`,
    summary: "Create a playlist",
    caller: "workspace",
    permission: "playlists:write",
    body: playlistInput,
    ok: ok("`{ playlist }`", 201),
  },
  {
    method: "get",
    path: `${WS}/playlists/{playlistId}`,
    summary: "A playlist and its recordings in play order",
    caller: "workspace",
    permission: "playlists:read",
    ok: ok("`{ playlist, recordings, more, searchError }`"),
  },
  {
    method: "put",
    path: `${WS}/playlists/{playlistId}`,
    summary: "Replace a playlist's fields",
    caller: "workspace",
    permission: "playlists:write",
    body: playlistInput,
    ok: ok("`{ playlist }`"),
  },
  {
    method: "delete",
    path: `${WS}/playlists/{playlistId}`,
    summary: "Delete a playlist (and revoke its links)",
    caller: "workspace",
    permission: "playlists:write",
    ok: okTrue,
  },
  {
    method: "put",
    path: `${WS}/playlists/{playlistId}/recordings/{sessionId}`,
    summary: "Pin a recording (200 when pinned already)",
    caller: "workspace",
    permission: "playlists:write",
    ok: ok("`{ ok }`", 201),
  },
  {
    method: "delete",
    path: `${WS}/playlists/{playlistId}/recordings/{sessionId}`,
    summary: "Unpin a recording",
    caller: "workspace",
    permission: "playlists:write",
    ok: okTrue,
  },
  {
    method: "get",
    path: `${WS}/shares`,
    summary: "Working share links (never the token)",
    caller: "workspace",
    permission: "settings:read",
    ok: ok("`{ shares }`"),
  },
  {
    method: "post",
    path: `${WS}/shares`,
    summary: "Create a share link (the token is shown only here)",
    caller: "workspace",
    permission: "shares:create",
    body: shareInput,
    ok: ok("`{ share, token, path }`", 201),
  },
  {
    method: "delete",
    path: `${WS}/shares/{shareId}`,
    summary: "Revoke a share link",
    caller: "workspace",
    permission: "shares:create",
    ok: okTrue,
  },

  // Settings
  {
    method: "get",
    path: `${WS}/settings/recording`,
    summary: "What the workspace records and how",
    caller: "workspace",
    permission: "settings:read",
    ok: ok("`{ settings }`"),
  },
  {
    method: "patch",
    path: `${WS}/settings/recording`,
    summary: "Change some recording settings",
    caller: "workspace",
    permission: "settings:write",
    body: recordingSettingsChange,
    ok: ok("`{ settings }`"),
  },
  {
    method: "get",
    path: `${WS}/settings/privacy/preview`,
    summary: "A recent snapshot of a page, for the masking preview",
    caller: "workspace",
    permission: "settings:read",
    query: privacyPreviewQuery,
    ok: ok("`{ sample: { sessionId, href, events, atMs } }`"),
  },
  {
    method: "get",
    path: `${WS}/settings/retention`,
    summary: "Retention, the last purge and the next",
    caller: "workspace",
    permission: "settings:read",
    query: retentionPreviewQuery,
    ok: ok("`{ retention, wouldDelete? }`"),
  },
  {
    method: "put",
    path: `${WS}/settings/retention`,
    summary: "Set the retention",
    caller: "workspace",
    permission: "settings:write",
    body: retentionChangeBody,
    ok: ok("`{ retention }`"),
  },
  {
    method: "post",
    path: `${WS}/settings/retention/purge`,
    summary: "Purge expired recordings now",
    caller: "workspace",
    permission: "settings:write",
    ok: ok("what the purge did"),
  },
  {
    method: "get",
    path: `${WS}/settings/sharing`,
    summary: "The sharing policy",
    caller: "workspace",
    permission: "settings:read",
    ok: ok("`{ sharing: { enabled, allowNever } }`"),
  },
  {
    method: "put",
    path: `${WS}/settings/sharing`,
    summary: "Set the sharing policy",
    caller: "workspace",
    permission: "settings:write",
    body: sharingPolicy.strict(),
    ok: ok("`{ sharing }`"),
  },

  // Integrations (docs/INTEGRATIONS.md)
  {
    method: "get",
    path: `${WS}/integrations`,
    summary: "Integrations as admins see them (secrets only as their last four characters)",
    caller: "workspace",
    permission: "integrations:manage",
    ok: ok("`{ github, linear, jira, slack, webhooks, notifications }`"),
  },
  {
    method: "put",
    path: `${WS}/integrations/{provider}`,
    summary:
      "Connect or change github, linear, jira, slack, or set notifications (a secret left out is kept)",
    caller: "workspace",
    permission: "integrations:manage",
    body: z.union([
      integrationInputs.github.partial({ token: true }),
      integrationInputs.linear.partial({ apiKey: true }),
      integrationInputs.jira.partial({ apiToken: true }),
      integrationInputs.slack,
      integrationInputs.notifications,
    ]),
    ok: ok("`{ <provider>: { configured, settings, hint, updatedAt } }`"),
  },
  {
    method: "delete",
    path: `${WS}/integrations/{provider}`,
    summary: "Disconnect github, linear, jira or slack",
    caller: "workspace",
    permission: "integrations:manage",
    ok: okTrue,
  },
  {
    method: "post",
    path: `${WS}/integrations/{provider}/test`,
    summary:
      "Test github, linear, jira or slack with the saved settings (502 says what the provider answered)",
    caller: "workspace",
    permission: "integrations:manage",
    ok: ok("`{ ok: true, message }`"),
  },
  {
    method: "post",
    path: `${WS}/integrations/webhooks`,
    summary: "Add a webhook (its signing secret is shown only here)",
    caller: "workspace",
    permission: "integrations:manage",
    body: integrationInputs.webhook.strict(),
    ok: ok("`{ webhook, signingSecret }`", 201),
  },
  {
    method: "delete",
    path: `${WS}/integrations/webhooks/{webhookId}`,
    summary: "Remove a webhook",
    caller: "workspace",
    permission: "integrations:manage",
    ok: okTrue,
  },
  {
    method: "post",
    path: `${WS}/integrations/webhooks/{webhookId}/test`,
    summary: "Send one signed test event to a webhook now",
    caller: "workspace",
    permission: "integrations:manage",
    ok: ok("`{ ok: true, message }`"),
  },
  {
    method: "get",
    path: `${WS}/integrations/deliveries`,
    summary: "The delivery log: the last notifications, attempts and outcome",
    caller: "workspace",
    permission: "integrations:manage",
    ok: ok("`{ deliveries }`"),
  },
  {
    method: "get",
    path: `${REC}/issues`,
    summary: "Issues created from the recording",
    caller: "workspace",
    permission: "recordings:read",
    ok: ok("`{ issues }`"),
  },
  {
    method: "post",
    path: `${REC}/issues`,
    summary:
      "Create a GitHub, Linear or Jira issue at a moment of the recording (502 when the tracker refuses)",
    caller: "workspace",
    permission: "issues:create",
    body: newIssueInput.strict(),
    ok: ok("`{ issue: { provider, key, url, title, atMs } }`", 201),
  },
];

/** Methods a route answers only to refuse (the ingest endpoint takes POST alone). */
const REFUSED: { path: string; methods: Method[]; summary: string }[] = [
  {
    path: `${V1}/ingest`,
    methods: ["get", "put", "patch", "delete"],
    summary: "Not allowed: send batches with POST",
  },
];

function buildDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description:
      "The app's session (`__Secure-next-auth.session-token` over https); state-changing requests must be same-origin.",
  });
  registry.registerComponent("securitySchemes", "personalKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "rk_…",
    description:
      "A personal API key; acts with its creator's role in its own workspace, `read` keys only on reads.",
  });
  registry.registerComponent("securitySchemes", "projectKey", {
    type: "apiKey",
    in: "query",
    name: "k",
    description: "The workspace's public project key (`pk_…`), used by the SDK.",
  });
  registry.registerComponent("securitySchemes", "cronSecret", {
    type: "http",
    scheme: "bearer",
    description: "`CRON_SECRET` from the server's environment.",
  });
  for (const op of OPERATIONS) register(registry, op);
  for (const refused of REFUSED) {
    for (const method of refused.methods) {
      registry.registerPath({
        method,
        path: refused.path,
        summary: refused.summary,
        tags: [tagOf(refused.path)],
        security: [],
        responses: errorResponses([405]),
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Rewind API",
      version,
      description:
        "Session replay. Prose reference: docs/API.md. Every error is `{ error: { code, message } }`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
  });
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;

let built: OpenApiDocument | undefined;

/** The document, built once per process: it depends only on code. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildDocument();
  return built;
}
