import { TtlCache } from "@/lib/cache";
import { resolveProjectKey } from "@/lib/data/keys";
import { withCors } from "@/lib/ingest/cors";
import { ClientGone } from "@/lib/ingest/ingest";
import { ApiError, handleErrors } from "./errors";

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

/** A page that closed mid-upload is ordinary: nobody reads the answer, and it is not a server error. */
function clientGone(thrown: unknown): Response | null {
  if (!(thrown instanceof ClientGone)) return null;
  console.info("[rewind] the client went away before its request arrived");
  return new Response(null, { status: 499 });
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
  const refuse = options.refuse ?? defaultRefusal;
  const finish = options.cors ? withCors : (response: Response) => response;
  return handleErrors(
    async (req: Request, context?: RouteContext<P>) => {
      const searchParams = new URL(req.url).searchParams;
      const params = (context ? await context.params : {}) as P;
      const key =
        (options.keyFrom ? await options.keyFrom(req, searchParams, params) : searchParams.get("k")) ?? "";
      if (!key) throw refuse("missing");
      const workspaceId = await lookup(key, options.cacheMs);
      if (!workspaceId) throw refuse("unknown");
      return handler({ req, project: { workspaceId, key }, params, searchParams });
    },
    finish,
    clientGone,
  );
}
