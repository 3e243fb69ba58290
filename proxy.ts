// Next 16 calls the page gate `proxy.ts`; it is what older Next versions named `middleware.ts`.
import { type NextRequest, NextResponse } from "next/server";

/**
 * A convenience, not the security boundary: every route handler and server action checks
 * permissions itself. Here we only attach a request id that the server log and errors can quote.
 */
export function proxy(request: NextRequest): NextResponse {
  const response = NextResponse.next();
  response.headers.set("x-request-id", request.headers.get("x-request-id") ?? crypto.randomUUID());
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|sdk/).*)"],
};
