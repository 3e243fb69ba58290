import type { ReactNode } from "react";
import { NavLink } from "@/components/dashboard/nav-link";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings`);
  const base = `/${workspace.slug}/settings`;
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav className="flex gap-1 md:flex-col" aria-label="Settings">
        {can(role, "settings:write") && <NavLink href={`${base}/general`}>General</NavLink>}
        {can(role, "members:invite") && <NavLink href={`${base}/members`}>Members</NavLink>}
        <NavLink href={`${base}/privacy`}>Privacy</NavLink>
        {can(role, "settings:write") && <NavLink href={`${base}/recording`}>Recording</NavLink>}
        <NavLink href={`${base}/sessions`}>Sessions</NavLink>
        {can(role, "settings:write") && <NavLink href={`${base}/retention`}>Retention</NavLink>}
        {can(role, "shares:create") && <NavLink href={`${base}/sharing`}>Sharing</NavLink>}
        {can(role, "settings:write") && <NavLink href={`${base}/usage`}>Usage</NavLink>}
        {can(role, "integrations:manage") && <NavLink href={`${base}/integrations`}>Integrations</NavLink>}
        {can(role, "apikeys:own") && <NavLink href={`${base}/keys`}>API keys</NavLink>}
      </nav>
      <div className="min-w-0 space-y-6">{children}</div>
    </div>
  );
}
