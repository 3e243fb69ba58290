import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { resetBody } from "@/lib/api/schemas";
import { withPublic } from "@/lib/api/with-public";
import { passwordProblem } from "@/lib/auth/password";
import { consumePasswordReset, peekPasswordReset } from "@/lib/data/password-resets";
import { getUser, setPassword } from "@/lib/data/users";

export const POST = withPublic(async ({ req: request }) => {
  const body = await readJson(request, resetBody);
  const userId = await peekPasswordReset(body.token);
  const user = userId ? await getUser(userId) : null;
  if (!user)
    throw new ApiError(
      "gone",
      "This reset link is no longer valid: it was used or has expired. Ask for a new one.",
    );
  const weak = passwordProblem(body.password, user.email);
  if (weak) throw new ApiError("bad_request", `password: ${weak}`);
  if ((await consumePasswordReset(body.token)) !== user.id) {
    throw new ApiError("gone", "This reset link was just used. Ask for a new one.");
  }
  await setPassword(user.id, body.password);
  return Response.json({ ok: true, email: user.email });
});
