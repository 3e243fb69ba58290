"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { safeReturnPath } from "./safe-return";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  RateLimited: "Too many failed attempts. Wait a few minutes, or reset your password.",
  NoEmail: "That account has no email address we can use. Sign up with email instead.",
  OAuthSignin: "Could not reach the sign-in provider. Try again.",
  OAuthCallback: "The sign-in provider did not complete. Try again.",
};

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
  const [error, setError] = useState<string | null>(
    initialError ? (MESSAGES[initialError] ?? "Could not log in. Try again.") : null,
  );
  const [pending, setPending] = useState(false);
  const target = safeReturnPath(callbackUrl);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).catch(() => null);
    setPending(false);
    if (!result) return setError("Could not reach the server. Check your connection and try again.");
    if (result.status === 429) return setError(MESSAGES.RateLimited!);
    if (result.error) return setError(MESSAGES[result.error] ?? MESSAGES.CredentialsSignin!);
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
      {error && <Alert>{error}</Alert>}
      <form className="space-y-4" onSubmit={submit} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={initialEmail}
          autoFocus
        />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <div className="flex items-center justify-between">
          <Link href="/forgot" className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">
            Forgot password?
          </Link>
          <Button type="submit" disabled={pending}>
            {pending ? "Logging in…" : "Log in"}
          </Button>
        </div>
      </form>
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
