import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FunnelPage } from "@/components/funnels/funnel-page";
import { workspacePage } from "@/lib/auth/access";
import { getFunnel } from "@/lib/data/funnels";

export const metadata: Metadata = { title: "Funnel" };
export const dynamic = "force-dynamic";

export default async function SavedFunnelPage({
  params,
}: {
  params: Promise<{ workspace: string; funnelId: string }>;
}) {
  const { workspace: slug, funnelId } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/funnels/${funnelId}`);
  const funnel = await getFunnel(workspace.id, funnelId);
  if (!funnel) notFound();
  return <FunnelPage workspace={workspace} role={role} funnel={funnel} />;
}
