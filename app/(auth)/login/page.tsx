import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { oauthProviders } from "@/lib/auth/options";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  return (
    <LoginForm
      providers={oauthProviders()}
      callbackUrl={params.callbackUrl}
      initialError={params.error}
      email={params.email}
    />
  );
}
