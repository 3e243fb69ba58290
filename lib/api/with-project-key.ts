import { TtlCache } from "@/lib/cache";
import { resolveProjectKey } from "@/lib/data/keys";
import { CORS_HEADERS, withCors } from "@/lib/ingest/cors";
import { ClientGone } from "@/lib/ingest/ingest";
import type { PlainResponse } from "./answer";
import { ApiError, errorAnswer, handleErrors } from "./errors";
import type { PlainRequest } from "./plain";

/** The workspace a project key (`?k=pk_…`) belongs to: what the SDK and posthog-js send. */
export interface Project {
  workspaceId: string;
  key: string;
}

export interface ProjectKeyContext<P> {
  req: Request;
  project: Project;
  params: P;
  searchParams: URLSearchParams;
}

export interface ProjectKeyOptions<P = Record<string, never>> {
  /** Answers (errors too) carry the SDK's CORS headers. */
  cors?: boolean;
  /**
   * Remember key → workspace for this long. For hot paths that already tolerate that staleness
   * after a rotation (ingest caches the same lookup for as long).
   */
  cacheMs?: number;
  /**
   * Where the key is; `?k=` by default. A caller whose key travels elsewhere reads it here:
   * posthog-js sends its token in the body (lib/dropin/capture.ts reads the body once for both)
   * or in the path (`/array/<token>/config`).
   */
  keyFrom?: (
    req: Request,
    searchParams: URLSearchParams,
    params: P,
  ) => string | null | undefined | Promise<string | null | undefined>;
  /** The error for a missing or unknown key; 401 by default. */
  refuse?: (reason: "missing" | "unknown") => ApiError;
}

type RouteContext<P> = { params: Promise<P> };

const defaultRefusal = (reason: "missing" | "unknown") =>
  reason === "missing"
    ? new ApiError("unauthorized", "Missing project key: send it as ?k=pk_… (Settings → API keys).")
    : new ApiError(
        "unauthorized",
        "Unknown project key. It may have been rotated out; copy the current one from Settings → API keys.",
      );

const caches = new Map<number, TtlCache<string | null>>();
function lookup(key: string, cacheMs: number | undefined): Promise<string | null> {
  if (!cacheMs) return resolveProjectKey(key);
  let cache = caches.get(cacheMs);
  if (!cache) {
    cache = new TtlCache<string | null>(cacheMs);
    caches.set(cacheMs, cache);
  }
  return cache.get(key, () => resolveProjectKey(key));
}

/** The key's workspace, or the refusal for a missing or unknown key. */
async function resolveProject(
  key: string | null | undefined,
  options: Pick<ProjectKeyOptions<never>, "cacheMs" | "refuse">,
): Promise<Project> {
  const refuse = options.refuse ?? defaultRefusal;
  if (!key) throw refuse("missing");
  const workspaceId = await lookup(key, options.cacheMs);
  if (!workspaceId) throw refuse("unknown");
  return { workspaceId, key };
}

/** A page that closed mid-upload is ordinary: nobody reads the answer, and it is not a server error. */
function clientGoneAnswer(thrown: unknown): PlainResponse | null {
  if (!(thrown instanceof ClientGone)) return null;
  console.info("[rewind] the client went away before its request arrived");
  return { status: 499, headers: {}, body: null };
}

function clientGone(thrown: unknown): Response | null {
  const answer = clientGoneAnswer(thrown);
  return answer && new Response(null, { status: answer.status });
}

/**
 * Routes called by the SDK or a posthog-js page with a project key: ingest, remote config, the
 * replay link (in the query) and the posthog-js drop-in (in the body or the path). Resolves the
 * key to its workspace before the handler runs.
 */
export function withProjectKey<P = Record<string, never>>(
  handler: (ctx: ProjectKeyContext<P>) => Promise<Response>,
  options: ProjectKeyOptions<P> = {},
): (req: Request, context?: RouteContext<P>) => Promise<Response> {
  const finish = options.cors ? withCors : (response: Response) => response;
  return handleErrors(
    async (req: Request, context?: RouteContext<P>) => {
      const searchParams = new URL(req.url).searchParams;
      const params = (context ? await context.params : {}) as P;
      const key = options.keyFrom ? await options.keyFrom(req, searchParams, params) : searchParams.get("k");
      const project = await resolveProject(key, options);
      return handler({ req, project, params, searchParams });
    },
    finish,
    clientGone,
  );
}

/**
 * `withProjectKey` for a handler of plain requests and answers (lib/api/plain.ts): the ingest
 * route's core, which Next's route and the ingest layer in front of Next both call. The same key
 * rules (`?k=`), refusals, error shape, calm 499 and CORS headers, without web objects.
 */
export function withProjectKeyPlain(
  handler: (ctx: { req: PlainRequest; project: Project }) => Promise<PlainResponse>,
  options: Pick<ProjectKeyOptions, "cors" | "cacheMs"> = {},
): (req: PlainRequest) => Promise<PlainResponse> {
  return async (req) => {
    let answer: PlainResponse;
    try {
      const project = await resolveProject(req.searchParams.get("k"), options);
      answer = await handler({ req, project });
    } catch (thrown) {
      const gone = clientGoneAnswer(thrown);
      if (gone) return gone;
      answer = errorAnswer(thrown);
    }
    if (options.cors) Object.assign(answer.headers, CORS_HEADERS);
    return answer;
  };
}
