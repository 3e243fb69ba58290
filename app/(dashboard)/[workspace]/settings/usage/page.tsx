import type { Metadata } from "next";
import { SessionsChart } from "@/components/analytics/sessions-chart";
import { NoAccess } from "@/components/settings/no-access";
import { Card } from "@/components/ui/card";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { StatList } from "@/components/ui/stat-list";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { pageViewVolumes } from "@/lib/data/events";
import { sessionsStartedIn, storedBytesByRetention } from "@/lib/data/sessions";
import { formatNumber } from "@/lib/format";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const DAY = 86_400_000;
const DAYS = 30;

const pageColumns: TableColumn[] = [
  { id: "path", header: "Page", sortable: true, className: "max-w-md truncate" },
  { id: "views", header: "Views", sortable: true, align: "right" },
];

function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** What the workspace records and stores: sessions per day, bytes per retention class, busiest pages. */
export default async function UsagePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/usage`);
  if (!can(role, "settings:write")) return <NoAccess role={role} needs="admins and owners" />;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const windows = Array.from({ length: DAYS }, (_, i): [number, number] => {
    const start = today - (DAYS - 1 - i) * DAY;
    return [start, start + DAY];
  });
  const [perDay, bytes, pages] = await Promise.all([
    sessionsStartedIn(workspace.id, windows),
    storedBytesByRetention(workspace.id),
    pageViewVolumes(workspace.id, windows[0]![0], Date.now(), 15),
  ]);
  const days = windows.map(([start], i) => ({
    day: new Date(start).toISOString().slice(0, 10),
    bySegment: { sessions: perDay[i]! },
  }));
  const total = perDay.reduce((a, b) => a + b, 0);
  const totalBytes = bytes.reduce((a, b) => a + b.bytes, 0);
  return (
    <>
      <Card
        title="Sessions per day"
        description={`${formatNumber(total)} sessions in the last ${DAYS} days (UTC days).`}
      >
        <SessionsChart days={days} series={["sessions"]} />
      </Card>
      <Card
        title="Stored recordings"
        description="Chunk bytes in blob storage, by the retention each session was recorded under."
      >
        {bytes.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing stored yet.</p>
        ) : (
          <StatList
            testId="usage-bytes"
            items={[
              ...bytes.map((b) => ({
                key: String(b.retentionDays),
                label: `Kept ${b.retentionDays} days`,
                value: formatBytes(b.bytes),
              })),
              { key: "total", label: "Total", value: formatBytes(totalBytes) },
            ]}
          />
        )}
      </Card>
      <Card title="Top pages" description={`Page views in the last ${DAYS} days.`}>
        <DataTable
          label="Top pages"
          testId="usage-pages"
          columns={pageColumns}
          sort={{ id: "views", desc: true }}
          pageSize={20}
          empty="No page views yet."
          rows={pages.map((p) => ({
            id: p.path,
            sort: { path: p.path, views: p.views },
            cells: { path: p.path, views: formatNumber(p.views) },
          }))}
        />
      </Card>
    </>
  );
}
