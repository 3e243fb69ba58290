"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { safeReturnPath } from "./safe-return";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  RateLimited: "Too many failed attempts. Wait a few minutes, or reset your password.",
  NoEmail: "That account has no email address we can use. Sign up with email instead.",
  OAuthSignin: "Could not reach the sign-in provider. Try again.",
  OAuthCallback: "The sign-in provider did not complete. Try again.",
};

/** Only what can be told without the server; whether they match an account is next-auth's answer. */
const loginFields = z.object({
  email: z.string().trim().min(1, "Enter your email.").pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password."),
});

export function LoginForm({
  providers,
  callbackUrl,
  initialError,
  email: initialEmail = "",
}: {
  providers: { id: string; name: string }[];
  callbackUrl?: string;
  initialError?: string;
  email?: string;
}) {
  const router = useRouter();
  const target = safeReturnPath(callbackUrl);
  const form = useZodForm(loginFields, { email: initialEmail, password: "" });
  const { setError } = form;

  // An OAuth round trip comes back with ?error=…: show it where a failed submit shows its answer.
  useEffect(() => {
    if (initialError) {
      setError("root.server", { message: MESSAGES[initialError] ?? "Could not log in. Try again." });
    }
  }, [initialError, setError]);

  async function logIn({ email, password }: z.infer<typeof loginFields>) {
    const result = await signIn("credentials", { email, password, redirect: false }).catch(() => null);
    const refusal = !result
      ? "Could not reach the server. Check your connection and try again."
      : result.status === 429
        ? MESSAGES.RateLimited
        : result.error
          ? (MESSAGES[result.error] ?? MESSAGES.CredentialsSignin)
          : null;
    if (refusal) return setError("root.server", { message: refusal });
    router.push(target);
    router.refresh();
  }

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Log in to Rewind</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          New here?{" "}
          <Link
            className="font-medium text-brand-600 hover:underline"
            href={`/signup${callbackUrl ? `?callbackUrl=${encodeURIComponent(target)}` : ""}`}
          >
            Create an account
          </Link>
        </p>
      </div>
      <Form form={form} onSubmit={logIn}>
        <FormError />
        <TextField name="email" label="Email" type="email" autoComplete="email" required autoFocus />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
        <div className="flex items-center justify-between">
          <Link href="/forgot" className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">
            Forgot password?
          </Link>
          <SubmitButton pending="Logging in…">Log in</SubmitButton>
        </div>
      </Form>
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {providers.map((p) => (
            <Button
              key={p.id}
              variant="secondary"
              className="w-full"
              onClick={() => signIn(p.id, { callbackUrl: target })}
            >
              Continue with {p.name}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
