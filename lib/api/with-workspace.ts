import type { Access } from "@/lib/auth/access";
import { authorize } from "@/lib/auth/access";
import { assertSameOrigin, resolveActor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { ApiError, handleErrors } from "./errors";

export interface WorkspaceContext<P> extends Access {
  request: Request;
  params: P;
  searchParams: URLSearchParams;
}

type RouteContext<P> = { params: Promise<P> };

/** Wraps every workspace route: resolves who asks, the workspace and the role, then checks permission. */
export function withWorkspace<P extends { ws: string }>(
  handler: (ctx: WorkspaceContext<P>) => Promise<Response>,
  options: { permission: Permission },
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return handleErrors(async (request: Request, context: RouteContext<P>) => {
    const params = await context.params;
    const actor = await resolveActor(request);
    if (actor?.kind === "session") assertSameOrigin(request);
    const access = await authorize(params.ws, options.permission, actor);
    return handler({ ...access, request, params, searchParams: new URL(request.url).searchParams });
  });
}

/** Routes for a signed-in person outside any workspace (their account, their workspace list). */
export function withUser<P>(
  handler: (ctx: { userId: string; request: Request; params: P }) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return handleErrors(async (request: Request, context: RouteContext<P>) => {
    const actor = await resolveActor(request);
    if (!actor) throw new ApiError("unauthorized", "Log in first.");
    if (actor.kind === "apikey" && request.method !== "GET") {
      throw new ApiError(
        "forbidden",
        "API keys act inside their own workspace; this needs a signed-in person.",
      );
    }
    if (actor.kind === "session") assertSameOrigin(request);
    return handler({ userId: actor.userId, request, params: await context.params });
  });
}
