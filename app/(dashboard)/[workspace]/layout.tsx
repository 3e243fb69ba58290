import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLink } from "@/components/dashboard/nav-link";
import { Providers } from "@/components/dashboard/providers";
import { WorkspaceSwitcher } from "@/components/dashboard/workspace-switcher";
import { Logo } from "@/components/ui/logo";
import { workspacePage } from "@/lib/auth/access";
import { workspacesOf } from "@/lib/data/workspaces";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace: slug } = await params;
  const { workspace, role, user } = await workspacePage(slug, `/${slug}/recordings`);
  const workspaces = await workspacesOf(user.id);
  const base = `/${workspace.slug}`;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5">
          <Link href={`${base}/recordings`} aria-label="Rewind">
            <Logo />
          </Link>
          <WorkspaceSwitcher
            current={workspace.slug}
            workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name }))}
          />
          <nav className="flex items-center gap-1" aria-label="Workspace">
            <NavLink href={`${base}/recordings`}>Recordings</NavLink>
            <NavLink href={`${base}/playlists`}>Playlists</NavLink>
            <NavLink href={`${base}/persons`}>Persons</NavLink>
            <NavLink href={`${base}/funnels`}>Funnels</NavLink>
            <NavLink href={`${base}/errors`}>Errors</NavLink>
            <NavLink href={`${base}/analytics`}>Analytics</NavLink>
            <NavLink href={`${base}/heatmaps`}>Heatmaps</NavLink>
            <NavLink href={`${base}/events`}>Events</NavLink>
            <NavLink href={`${base}/settings`}>Settings</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="hidden sm:inline" title={`Your role: ${role}`}>
              {user.email} · {role}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <Providers>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
      </Providers>
    </div>
  );
}
