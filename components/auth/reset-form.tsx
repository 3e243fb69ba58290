"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

export function ResetForm({ token }: { token: string }) {
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("password") !== form.get("confirm")) return setError("The two passwords differ.");
    setPending(true);
    setError(null);
    try {
      const res = await api<{ email: string }>("/api/v1/password/reset", {
        method: "POST",
        body: { token, password: String(form.get("password") ?? "") },
      });
      setDone(res.email);
    } catch (e) {
      setError(errorMessage(e).replace(/^password: /, ""));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Your password is changed.</Alert>
        <Link
          href={`/login?email=${encodeURIComponent(done)}`}
          className="block text-center text-sm font-medium text-brand-600 hover:underline"
        >
          Log in with the new password
        </Link>
      </div>
    );
  }
  return (
    <form className="space-y-4" onSubmit={submit} noValidate>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {error && <Alert>{error}</Alert>}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
      />
      <Field label="Repeat it" name="confirm" type="password" autoComplete="new-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
