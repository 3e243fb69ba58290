import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { createUser, findUserByEmail } from "@/lib/data/users";
import { env, prepareAuthEnv } from "@/lib/env";
import { clientIp } from "@/lib/request-origin";
import { verifyLogin } from "./login";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
  }
}

/** next-auth hands authorize() the request's headers as a plain record. */
function headersOf(record: Record<string, string | string[] | undefined> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record ?? {})) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  return headers;
}

let cached: NextAuthOptions | undefined;

/** Built on first use, never at import, so builds need no secret or store. */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  prepareAuthEnv();
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const user = await verifyLogin(
          credentials?.email ?? "",
          credentials?.password ?? "",
          clientIp(headersOf(req?.headers)),
        );
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (e.GITHUB_ID && e.GITHUB_SECRET)
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  if (e.GOOGLE_ID && e.GOOGLE_SECRET)
    providers.push(GoogleProvider({ clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET }));

  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        // OAuth accounts join by email, so they need one.
        if (account && account.provider !== "credentials" && !user.email) return "/login?error=NoEmail";
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") token.uid = user.id;
        else if (user?.email && account) {
          const ours =
            (await findUserByEmail(user.email)) ??
            (await createUser({ email: user.email, name: user.name ?? "" }));
          token.uid = ours.id;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.uid ?? "", email: token.email ?? "", name: token.name ?? "" };
        return session;
      },
    },
  };
  return cached;
}

export function oauthProviders(): { id: string; name: string }[] {
  const e = env();
  return [
    ...(e.GITHUB_ID && e.GITHUB_SECRET ? [{ id: "github", name: "GitHub" }] : []),
    ...(e.GOOGLE_ID && e.GOOGLE_SECRET ? [{ id: "google", name: "Google" }] : []),
  ];
}
