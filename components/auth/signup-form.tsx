"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { safeReturnPath } from "./safe-return";

interface Invite {
  token: string;
  email: string;
  workspaceName: string;
}

export function SignupForm({ invite, callbackUrl }: { invite?: Invite; callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const { workspace } = await api<{ workspace: { slug: string } }>("/api/v1/signup", {
        method: "POST",
        body: {
          name: String(form.get("name") ?? ""),
          email,
          password,
          workspaceName: invite ? undefined : String(form.get("workspaceName") ?? ""),
          inviteToken: invite?.token,
        },
      });
      const login = await signIn("credentials", { email, password, redirect: false });
      if (!login?.ok) {
        router.push(`/login?email=${encodeURIComponent(email)}`);
        return;
      }
      router.push(callbackUrl ? safeReturnPath(callbackUrl) : `/${workspace.slug}/recordings`);
      router.refresh();
    } catch (e) {
      const message = errorMessage(e);
      const field = /^(\w+): (.*)$/.exec(message);
      if (field) setFieldErrors({ [field[1]!]: field[2]! });
      else setError(message);
      setPending(false);
    }
  }

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">
          {invite ? `Join ${invite.workspaceName}` : "Create your workspace"}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Already have an account?{" "}
          <Link className="font-medium text-brand-600 hover:underline" href="/login">
            Log in
          </Link>
        </p>
      </div>
      {error && <Alert>{error}</Alert>}
      <form className="space-y-4" onSubmit={submit} noValidate>
        <Field label="Your name" name="name" autoComplete="name" error={fieldErrors.name} />
        <Field
          label="Work email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={invite?.email}
          readOnly={Boolean(invite)}
          error={fieldErrors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters."
          error={fieldErrors.password}
        />
        {!invite && (
          <Field
            label="Workspace name"
            name="workspaceName"
            required
            placeholder="Acme Inc."
            hint="Usually your company or product. You can rename it later."
            error={fieldErrors.workspaceName}
          />
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating…" : invite ? "Create account and join" : "Create workspace"}
        </Button>
      </form>
    </div>
  );
}
