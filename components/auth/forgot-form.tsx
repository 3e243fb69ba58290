"use client";

import Link from "next/link";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/field";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";

const forgotFields = z.object({
  email: z.string().trim().min(1, "Enter your email.").pipe(z.email("Enter a valid email address.")),
});

export function ForgotForm() {
  const [done, setDone] = useState<string | null>(null);
  const form = useZodForm(forgotFields, { email: "" });

  async function send({ email }: z.infer<typeof forgotFields>) {
    const res = await api<{ message: string }>("/api/v1/password/forgot", {
      method: "POST",
      body: { email },
    });
    setDone(res.message);
  }

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
        <Form form={form} onSubmit={send}>
          <FormError />
          <TextField name="email" label="Email" type="email" autoComplete="email" required autoFocus />
          <SubmitButton pending="Sending…" className="w-full">
            Send reset link
          </SubmitButton>
        </Form>
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
