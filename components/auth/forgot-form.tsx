"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { api } from "@/lib/api/client";

export function ForgotForm() {
  const [done, setDone] = useState<string | null>(null);
  const { pending, error, submit } = useSubmit(
    (form) =>
      api<{ message: string }>("/api/v1/password/forgot", {
        method: "POST",
        body: { email: String(form.get("email") ?? "") },
      }),
    (res) => setDone(res.message),
  );

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          We will send a link that works once, for one hour.
        </p>
      </div>
      {done ? (
        <Alert tone="success">{done}</Alert>
      ) : (
        <form className="space-y-4" onSubmit={submit} noValidate>
          {error && <Alert>{error}</Alert>}
          <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Sending…" : "Send reset link"}
          </Button>
        </form>
      )}
      <Link
        href="/login"
        className="block text-center text-sm text-zinc-600 hover:underline dark:text-zinc-400"
      >
        Back to log in
      </Link>
    </div>
  );
}
