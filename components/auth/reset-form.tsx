"use client";

import Link from "next/link";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/field";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { ApiCallError, api } from "@/lib/api/client";

/** How strong the password must be is the server's rule (lib/auth/password.ts); its answer lands on the field. */
const resetFields = z
  .object({
    password: z.string().min(1, "Choose a password."),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

const PASSWORD_REFUSED = /^password: /;

export function ResetForm({ token }: { token: string }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useZodForm(resetFields, { password: "", confirm: "" });

  async function reset({ password }: z.infer<typeof resetFields>) {
    try {
      const res = await api<{ email: string }>("/api/v1/password/reset", {
        method: "POST",
        body: { token, password },
      });
      setDone(res.email);
    } catch (e) {
      if (!(e instanceof ApiCallError && PASSWORD_REFUSED.test(e.message))) throw e;
      form.setError("password", { message: e.message.replace(PASSWORD_REFUSED, "") }, { shouldFocus: true });
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
    <Form form={form} onSubmit={reset}>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <FormError />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
      />
      <TextField name="confirm" label="Repeat it" type="password" autoComplete="new-password" required />
      <SubmitButton pending="Saving…" className="w-full">
        Set password
      </SubmitButton>
    </Form>
  );
}
