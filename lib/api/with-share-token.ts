import type { Share } from "@/lib/data/shares";
import { sharedSession } from "@/lib/shares/access";
import { ApiError, handleErrors } from "./errors";

export interface ShareTokenContext<P> {
  req: Request;
  /** The workspace and share the token opens; the route's session is one it may show. */
  shared: { workspaceId: string; share: Share };
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

/**
 * Routes opened by a share link's token (`/api/share/<token>/recordings/<sessionId>/…`): the token
 * is checked on every request, so a revoke ends access at once.
 */
export function withShareToken<P extends { token: string; sessionId: string }>(
  handler: (ctx: ShareTokenContext<P>) => Promise<Response>,
  options: { finish?: (response: Response) => Response | Promise<Response> } = {},
): (req: Request, context: RouteContext<P>) => Promise<Response> {
  return handleErrors(async (req: Request, context: RouteContext<P>) => {
    const params = await context.params;
    const shared = await sharedSession(params.token, params.sessionId);
    if (!shared) {
      throw new ApiError("not_found", "This link has expired, was revoked, or does not open this recording.");
    }
    return handler({ req, shared, params });
  }, options.finish);
}
