import { checkCredentials, normalizeEmail, type User } from "@/lib/data/users";
import { clear, hit, type Limit, refund, retryAfter } from "@/lib/ratelimit";

/** Failed logins allowed per email and per client address before a pause. */
export const LOGIN_LIMIT_EMAIL: Limit = { scope: "login:email", max: 5, windowMs: 15 * 60 * 1000 };
export const LOGIN_LIMIT_IP: Limit = { scope: "login:ip", max: 30, windowMs: 15 * 60 * 1000 };

/** Seconds to wait before another login attempt for this email or address, or null. */
export async function loginRetryAfter(email: string, ip: string): Promise<number | null> {
  const [byEmail, byIp] = await Promise.all([
    retryAfter(LOGIN_LIMIT_EMAIL, normalizeEmail(email)),
    retryAfter(LOGIN_LIMIT_IP, ip),
  ]);
  return byEmail || byIp ? Math.max(byEmail ?? 0, byIp ?? 0) : null;
}

/**
 * Checks a password login. The attempt is counted before the password is checked, so parallel
 * guesses cannot all slip in under the limit; a success clears the email's count and gives the
 * address its attempt back.
 */
export async function verifyLogin(email: string, password: string, ip: string): Promise<User | null> {
  if (!email || !password || email.length > 320 || password.length > 1000) return null;
  const subject = normalizeEmail(email);
  const [byEmail, byIp] = await Promise.all([hit(LOGIN_LIMIT_EMAIL, subject), hit(LOGIN_LIMIT_IP, ip)]);
  if (byEmail.over || byIp.over) return null;
  const user = await checkCredentials(email, password);
  if (!user) return null;
  await Promise.all([clear(LOGIN_LIMIT_EMAIL, subject), refund(LOGIN_LIMIT_IP, ip)]);
  return user;
}
