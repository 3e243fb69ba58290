import type { Metadata } from "next";
import { FunnelPage } from "@/components/funnels/funnel-page";
import { workspacePage } from "@/lib/auth/access";

export const metadata: Metadata = { title: "New funnel" };
export const dynamic = "force-dynamic";

export default async function NewFunnelPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/funnels/new`);
  return <FunnelPage workspace={workspace} role={role} funnel={null} />;
}
