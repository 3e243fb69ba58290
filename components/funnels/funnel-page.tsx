import Link from "next/link";
import { can, type Role } from "@/lib/auth/permissions";
import { eventDefinitions } from "@/lib/data/events";
import type { SavedFunnel } from "@/lib/data/funnels";
import { FunnelEditor } from "./funnel-editor";

/** A funnel's page, new or saved: back link, title and the editor with the workspace's event names. */
export async function FunnelPage({
  workspace,
  role,
  funnel,
}: {
  workspace: { id: string; slug: string };
  role: Role;
  funnel: SavedFunnel | null;
}) {
  const names = (await eventDefinitions(workspace.id)).map((d) => d.name);
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`/${workspace.slug}/funnels`} className="text-brand-600 hover:underline">
          ← Funnels
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{funnel?.name ?? "New funnel"}</h1>
      <FunnelEditor
        key={funnel?.updatedAt ?? "new"}
        workspace={workspace.slug}
        initial={funnel}
        eventNames={names}
        canWrite={can(role, "funnels:write")}
      />
    </div>
  );
}
