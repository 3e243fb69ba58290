import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CreateWorkspaceForm } from "@/components/dashboard/create-workspace-form";
import { requireUser } from "@/lib/auth/access";
import { workspacesOf } from "@/lib/data/workspaces";

export const metadata: Metadata = { title: "Your workspaces" };
export const dynamic = "force-dynamic";

/** Where logins land: straight into the only workspace, or a choice, or a first workspace to create. */
export default async function WorkspacesPage({
  searchParams,
}: {
  searchParams: Promise<{ choose?: string }>;
}) {
  const user = await requireUser("/workspaces");
  const workspaces = await workspacesOf(user.id);
  const { choose } = await searchParams;
  if (workspaces.length === 1 && !choose) redirect(`/${workspaces[0]!.slug}/recordings`);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">
          {workspaces.length ? "Your workspaces" : "Create a workspace"}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Logged in as {user.email}</p>
      </div>
      {workspaces.length > 0 && (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {workspaces.map((w) => (
            <li key={w.id}>
              <Link
                href={`/${w.slug}/recordings`}
                className="flex items-center justify-between px-3 py-2.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800"
              >
                <span className="font-medium">{w.name}</span>
                <span className="text-zinc-500">/{w.slug}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CreateWorkspaceForm />
      <div className="border-t border-zinc-200 pt-3 text-right dark:border-zinc-800">
        <SignOutButton />
      </div>
    </div>
  );
}
