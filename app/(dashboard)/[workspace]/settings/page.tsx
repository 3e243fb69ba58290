import { redirect } from "next/navigation";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export default async function SettingsHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { role } = await workspacePage(slug, `/${slug}/settings`);
  redirect(`/${slug}/settings/${can(role, "settings:write") ? "general" : "privacy"}`);
}
