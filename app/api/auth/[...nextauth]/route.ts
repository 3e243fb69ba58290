import NextAuth from "next-auth";
import { loginRetryAfter } from "@/lib/auth/login";
import { authOptions } from "@/lib/auth/options";
import { clientIp } from "@/lib/request-origin";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

/**
 * Password logins that have failed too often get a real 429 with Retry-After. The body keeps the
 * `url` next-auth's client reads, so the login page can say why.
 */
async function POST(request: Request, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "");
    const wait = await loginRetryAfter(email, clientIp(request.headers));
    if (wait) {
      const message = `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minute(s), or reset your password.`;
      return Response.json(
        { url: `/login?error=RateLimited&retryAfter=${wait}`, error: { code: "rate_limited", message } },
        { status: 429, headers: { "Retry-After": String(wait) } },
      );
    }
  }
  return handler(request, context);
}

export { handler as GET, POST };
