import type { Metadata } from "next";
import { SessionsChart } from "@/components/analytics/sessions-chart";
import { NoAccess } from "@/components/settings/no-access";
import { Card } from "@/components/ui/card";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { pageViewVolumes } from "@/lib/data/events";
import { sessionsStartedIn, storedBytesByRetention } from "@/lib/data/sessions";
import { formatNumber } from "@/lib/format";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const DAY = 86_400_000;
const DAYS = 30;

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
          <table className="w-full max-w-md text-left text-sm" data-testid="usage-bytes">
            <tbody className="tabular-nums">
              {bytes.map((b) => (
                <tr key={b.retentionDays} className="border-b border-zinc-100 dark:border-zinc-800">
                  <th className="py-1.5 pr-4 font-medium">Kept {b.retentionDays} days</th>
                  <td className="py-1.5 text-right">{formatBytes(b.bytes)}</td>
                </tr>
              ))}
              <tr>
                <th className="py-1.5 pr-4 font-medium">Total</th>
                <td className="py-1.5 text-right">{formatBytes(totalBytes)}</td>
              </tr>
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Top pages" description={`Page views in the last ${DAYS} days.`}>
        {pages.length === 0 ? (
          <p className="text-sm text-zinc-500">No page views yet.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="usage-pages">
            <tbody className="tabular-nums">
              {pages.map((p) => (
                <tr key={p.path} className="border-b border-zinc-100 dark:border-zinc-800">
                  <td className="max-w-md truncate py-1.5 pr-4">{p.path}</td>
                  <td className="py-1.5 text-right">{formatNumber(p.views)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
