import { readJson } from "@/lib/api/body";
import { forgotBody } from "@/lib/api/schemas";
import { withPublic } from "@/lib/api/with-public";
import { createPasswordReset } from "@/lib/data/password-resets";
import { findUserByEmail } from "@/lib/data/users";
import { appUrl, sendEmail } from "@/lib/email";
import { enforceLimit, hit, type Limit } from "@/lib/ratelimit";
import { clientIp } from "@/lib/request-origin";

const FORGOT_LIMIT_EMAIL: Limit = { scope: "forgot:email", max: 3, windowMs: 60 * 60 * 1000 };
const FORGOT_LIMIT_IP: Limit = { scope: "forgot:ip", max: 20, windowMs: 60 * 60 * 1000 };

/** Always answers the same, whether or not the account exists, so it cannot be used to find accounts. */
export const POST = withPublic(async ({ req: request }) => {
  await enforceLimit(
    FORGOT_LIMIT_IP,
    clientIp(request.headers),
    "Too many reset requests from this address. Try again later.",
  );
  const { email } = await readJson(request, forgotBody);
  const answer = Response.json({
    ok: true,
    message: "If an account exists for that address, a reset link is on its way.",
  });
  // Past the email's allowance the answer stays the same, so it says nothing about the account.
  if ((await hit(FORGOT_LIMIT_EMAIL, email)).over) return answer;
  const user = await findUserByEmail(email);
  if (!user) return answer;
  const token = await createPasswordReset(user.id);
  await sendEmail({
    to: user.email,
    subject: "Reset your Rewind password",
    text: `Someone asked to reset the password of your Rewind account.\n\nSet a new one here (valid for 1 hour, once):\n${appUrl(request, `/reset/${token}`)}\n\nIf it was not you, ignore this email.`,
  });
  return answer;
});
