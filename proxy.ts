// Next 16 calls the page gate `proxy.ts`; it is what older Next versions named `middleware.ts`.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { PUBLIC_SEGMENTS } from "@/lib/public-segments";
import { requestProto } from "@/lib/request-origin";
import { HSTS, newNonce, pageCsp } from "@/lib/security-headers";

/** First path segments that anyone may open (the root too); every other one is a workspace dashboard. */
const PUBLIC = new Set<string>(["", ...PUBLIC_SEGMENTS]);
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * A convenience, not the security boundary (route handlers, server actions and pages check
 * membership themselves): anonymous visitors of dashboard pages go to log in and come back.
 * It also gives every page its Content-Security-Policy with a fresh nonce, and HSTS over https
 * (next.config.ts sets the headers that never vary).
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const first = pathname.split("/")[1] ?? "";
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!PUBLIC.has(first) && !first.includes(".") && !signedIn) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const https = requestProto(request.headers) === "https";
  const isPage = first !== "api" && !first.includes(".");
  const requestHeaders = new Headers(request.headers);
  let csp: string | null = null;
  if (isPage) {
    // Next.js reads the nonce from the request's policy and puts it on every script it renders.
    const nonce = newNonce();
    csp = pageCsp(nonce, { https, dev: env().NODE_ENV === "development" });
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (csp) response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  response.headers.set("x-request-id", request.headers.get("x-request-id") ?? crypto.randomUUID());
  return response;
}

export const config = {
  // The SDK's hot routes skip the gate: they never serve pages and are called for every batch.
  // posthog-js's capture endpoints are as hot as ours.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|sdk/|api/v1/ingest|api/v1/config|e/|s/|i/v0/e/|batch/).*)",
  ],
};
