"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { z } from "zod";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { ApiCallError, api } from "@/lib/api/client";
import { safeReturnPath } from "./safe-return";

interface Invite {
  token: string;
  email: string;
  workspaceName: string;
}

/**
 * What the form can tell before sending. How strong a password must be, and what a workspace may be
 * called, is the server's rule (lib/auth/password.ts, app/api/v1/signup); its answer lands on the field.
 */
const signupFields = (invited: boolean) =>
  z.object({
    name: z.string().trim().max(100, "At most 100 characters."),
    email: z.string().trim().min(1, "Enter your email.").pipe(z.email("Enter a valid email address.")),
    password: z.string().min(1, "Choose a password."),
    workspaceName: invited
      ? z.string()
      : z.string().trim().min(1, "Give the workspace a name.").max(60, "At most 60 characters."),
  });
type SignupFields = z.infer<ReturnType<typeof signupFields>>;
const FIELDS = ["name", "email", "password", "workspaceName"] as const;

/** The server names the field it refuses as "field: why"; such an answer belongs under that field. */
function refusedField(e: unknown): { field: (typeof FIELDS)[number]; message: string } | null {
  if (!(e instanceof ApiCallError)) return null;
  const match = /^(\w+): (.*)$/.exec(e.message);
  const field = FIELDS.find((f) => f === match?.[1]);
  return field ? { field, message: match![2]! } : null;
}

export function SignupForm({ invite, callbackUrl }: { invite?: Invite; callbackUrl?: string }) {
  const router = useRouter();
  const form = useZodForm(signupFields(Boolean(invite)), {
    name: "",
    email: invite?.email ?? "",
    password: "",
    workspaceName: "",
  });

  async function signUp({ name, email, password, workspaceName }: SignupFields) {
    let slug: string;
    try {
      const { workspace } = await api<{ workspace: { slug: string } }>("/api/v1/signup", {
        method: "POST",
        body: {
          name,
          email,
          password,
          workspaceName: invite ? undefined : workspaceName,
          inviteToken: invite?.token,
        },
      });
      slug = workspace.slug;
    } catch (e) {
      const refused = refusedField(e);
      if (!refused) throw e;
      return form.setError(refused.field, { message: refused.message }, { shouldFocus: true });
    }
    const login = await signIn("credentials", { email, password, redirect: false });
    if (!login?.ok) return router.push(`/login?email=${encodeURIComponent(email)}`);
    router.push(callbackUrl ? safeReturnPath(callbackUrl) : `/${slug}/recordings`);
    router.refresh();
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
      <Form form={form} onSubmit={signUp}>
        <FormError />
        <TextField name="name" label="Your name" autoComplete="name" />
        <TextField
          name="email"
          label="Work email"
          type="email"
          autoComplete="email"
          required
          readOnly={Boolean(invite)}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters."
        />
        {!invite && (
          <TextField
            name="workspaceName"
            label="Workspace name"
            required
            placeholder="Acme Inc."
            hint="Usually your company or product. You can rename it later."
          />
        )}
        <SubmitButton pending="Creating…" className="w-full">
          {invite ? "Create account and join" : "Create workspace"}
        </SubmitButton>
      </Form>
    </div>
  );
}
