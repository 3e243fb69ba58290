import { getServerSession } from "next-auth";
import { ApiError } from "@/lib/api/errors";
import { resolveApiKey } from "@/lib/data/keys";
import { requestHost } from "@/lib/request-origin";
import { authOptions } from "./options";
import type { Scope } from "./permissions";

/** Who is asking: a signed-in person (session cookie) or a personal API key acting for its creator. */
export type Actor =
  | { kind: "session"; userId: string }
  | { kind: "apikey"; userId: string; keyId: string; workspaceId: string; scopes: Scope[] };

export async function sessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions());
  return session?.user?.id || null;
}

export async function resolveActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const resolved = match ? await resolveApiKey(match[1]!) : null;
    if (!resolved) {
      throw new ApiError(
        "unauthorized",
        "This API key is not valid. It may have been revoked; create a new one in Settings → API keys.",
      );
    }
    return { kind: "apikey", ...resolved };
  }
  const userId = await sessionUserId();
  return userId ? { kind: "session", userId } : null;
}

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send Origin on every
 * cross-site POST, so a mismatch is a forged request.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = requestHost(request.headers);
  if (!host || new URL(origin).host !== host) {
    throw new ApiError("forbidden", "Cross-site requests are not accepted. Use the app, or an API key.");
  }
}
