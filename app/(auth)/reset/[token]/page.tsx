import type { Metadata } from "next";
import Link from "next/link";
import { ResetForm } from "@/components/auth/reset-form";
import { Alert } from "@/components/ui/field";
import { peekPasswordReset } from "@/lib/data/password-resets";

export const metadata: Metadata = { title: "Reset password" };
export const dynamic = "force-dynamic";

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await peekPasswordReset(token))) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">This link has expired</h1>
        <Alert>Reset links work once and for one hour.</Alert>
        <Link href="/forgot" className="block text-center text-sm font-medium text-brand-600 hover:underline">
          Ask for a new link
        </Link>
      </div>
    );
  }
  return <ResetForm token={token} />;
}
