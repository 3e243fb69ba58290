import { handleErrors } from "./errors";

export interface PublicContext<P> {
  req: Request;
  params: P;
  searchParams: URLSearchParams;
}

type RouteContext<P> = { params: Promise<P> };

/**
 * Routes anyone may call without credentials (health, sign-up, password reset, an invite's preview,
 * the login helper). The handler owns its rate limit, since only it knows what to count.
 */
export function withPublic<P = Record<string, never>>(
  handler: (ctx: PublicContext<P>) => Promise<Response>,
): (req: Request, context?: RouteContext<P>) => Promise<Response> {
  return handleErrors(async (req: Request, context?: RouteContext<P>) => {
    const params = (context ? await context.params : {}) as P;
    return handler({ req, params, searchParams: new URL(req.url).searchParams });
  });
}
