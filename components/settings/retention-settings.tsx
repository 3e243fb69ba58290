"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/control";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { formatNumber } from "@/lib/format";
import type { RetentionOverview } from "@/lib/retention/overview";

const PRESETS = [7, 30, 90, 365];
const plural = (days: number) => `${days} day${days === 1 ? "" : "s"}`;
const when = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const size = (bytes: number) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1e3)} KB`;

/** Settings → Retention: how long recordings are kept, what the purge did last and when it runs next. */
export function RetentionSettings({
  workspace,
  overview,
}: {
  workspace: string;
  overview: RetentionOverview;
}) {
  const router = useRouter();
  const current = overview.retentionDays;
  const [choice, setChoice] = useState<string>(PRESETS.includes(current) ? String(current) : "custom");
  const [custom, setCustom] = useState(current);
  const [shorten, setShorten] = useState(false);
  // A change that deletes recordings is saved only after a second, explicit click naming how many.
  const [confirming, setConfirming] = useState(false);
  const days = choice === "custom" ? custom : Number(choice);
  const valid = Number.isInteger(days) && days >= 1 && days <= 3650;
  const changed = days !== current || shorten;
  const impact = useQuery({
    queryKey: ["retention-impact", workspace, days, shorten],
    enabled: valid && changed,
    queryFn: () =>
      api<{ wouldDelete: number }>(
        `/api/v1/workspaces/${workspace}/settings/retention?${new URLSearchParams({ days: String(days), shortenExisting: shorten ? "1" : "0" })}`,
      ),
  });
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/settings/retention`, {
        method: "PUT",
        body: { days, shortenExisting: shorten },
      }),
    onSuccess: () => {
      setShorten(false);
      setConfirming(false);
      router.refresh();
    },
  });
  const purge = useMutation({
    mutationFn: () =>
      api<{ ok: boolean; sessions?: number; complete?: boolean; message?: string }>(
        `/api/v1/workspaces/${workspace}/settings/retention/purge`,
        { method: "POST" },
      ),
    onSuccess: () => router.refresh(),
  });
  const wouldDelete = impact.data?.wouldDelete ?? null;
  const extra = wouldDelete === null ? null : wouldDelete - overview.expiredNow;
  return (
    <>
      <Card
        title="Retention"
        description="How long new recordings are kept. Each recording keeps the retention it was recorded under, unless you shorten existing ones below."
      >
        <form
          className="max-w-xl space-y-4 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (extra && extra > 0 && !confirming) setConfirming(true);
            else save.mutate();
          }}
        >
          <div className="flex flex-wrap gap-3" role="radiogroup" aria-label="Keep recordings for">
            {PRESETS.map((d) => (
              <label key={d} className="flex gap-1.5">
                <input
                  type="radio"
                  name="days"
                  checked={choice === String(d)}
                  onChange={() => {
                    setChoice(String(d));
                    setConfirming(false);
                  }}
                />
                {d} days
              </label>
            ))}
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="days"
                checked={choice === "custom"}
                onChange={() => setChoice("custom")}
              />
              Custom
              <input
                type="number"
                min={1}
                max={3650}
                value={custom}
                aria-label="Custom number of days"
                onFocus={() => setChoice("custom")}
                onChange={(e) => setCustom(Number(e.target.value))}
                className={controlClass("sm", "w-20")}
              />
              days
            </label>
          </div>
          {!valid && <Alert>Choose a whole number of days from 1 to 3650.</Alert>}
          <label className="flex gap-2">
            <input
              type="checkbox"
              checked={shorten}
              onChange={(e) => {
                setShorten(e.target.checked);
                setConfirming(false);
              }}
            />
            <span>Also shorten recordings already kept longer than {valid ? plural(days) : "this"}</span>
          </label>
          {changed && valid && wouldDelete !== null && (
            <Alert tone={extra && extra > 0 ? "error" : "info"}>
              {extra && extra > 0
                ? `The next purge will delete ${formatNumber(wouldDelete)} recordings — ${formatNumber(extra)} of them because of this change. This cannot be undone.`
                : shorten
                  ? `No recording is old enough to be deleted by this change yet; from now on none is kept longer than ${plural(days)}.${wouldDelete ? ` (The next purge deletes ${formatNumber(wouldDelete)} that have expired anyway.)` : ""}`
                  : `This change deletes no recording now${wouldDelete ? ` (the next purge deletes ${formatNumber(wouldDelete)} that have expired anyway)` : ""}; it applies to recordings made from now on.`}
            </Alert>
          )}
          {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
          {save.isSuccess && <Alert tone="success">Saved.</Alert>}
          {confirming && extra && extra > 0 ? (
            <div
              className="flex flex-wrap items-center gap-2"
              role="alertdialog"
              aria-label="Confirm deletion"
            >
              <Button type="submit" variant="danger" disabled={save.isPending}>
                {save.isPending ? "Saving…" : `Delete ${formatNumber(extra)} recordings and save`}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
          ) : (
            <Button type="submit" disabled={!valid || !changed || save.isPending}>
              {save.isPending ? "Saving…" : "Save retention"}
            </Button>
          )}
        </form>
      </Card>
      <Card
        title="Purge"
        description="Expired recordings are deleted with their events, comments and stored files."
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm" data-testid="purge-status">
          <dt className="text-zinc-500">Last run</dt>
          <dd>
            {overview.lastPurge
              ? `${when(overview.lastPurge.startedAt)} · ${formatNumber(overview.lastPurge.sessions)} recordings, ${size(overview.lastPurge.bytes)} removed${overview.lastPurge.complete ? "" : " · stopped at its time limit, continues next run"}`
              : "Not yet"}
          </dd>
          <dt className="text-zinc-500">Next run</dt>
          <dd>
            {overview.nextPurgeAt
              ? `${when(overview.nextPurgeAt)} (${overview.mode === "cron" ? "Vercel cron" : "in-process scheduler, hourly"})`
              : "Not scheduled on this server (RETENTION_SCHEDULER=off): call POST /api/cron/retention with CRON_SECRET"}
          </dd>
          <dt className="text-zinc-500">Expired now</dt>
          <dd>{formatNumber(overview.expiredNow)} recordings</dd>
          {overview.capDays && (
            <>
              <dt className="text-zinc-500">Cap</dt>
              <dd>No recording is kept longer than {overview.capDays} days.</dd>
            </>
          )}
          {overview.classes.map((c) => (
            <div key={c.retentionDays} className="contents">
              <dt className="text-zinc-500">Kept {c.retentionDays} days</dt>
              <dd>{size(c.bytes)}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 flex flex-wrap items-center gap-3 text-sm">
          <Button
            type="button"
            variant="secondary"
            disabled={purge.isPending || overview.expiredNow === 0}
            onClick={() => purge.mutate()}
          >
            {purge.isPending ? "Purging…" : "Purge now"}
          </Button>
          {overview.expiredNow === 0 && !purge.data && (
            <span className="text-zinc-500">Nothing has expired; the purge would delete nothing.</span>
          )}
          {purge.data && (
            <span role="status">
              {purge.data.ok
                ? `Deleted ${formatNumber(purge.data.sessions ?? 0)} expired recordings${purge.data.complete ? "." : "; stopped at its time limit — run it again or let the schedule carry on."}`
                : purge.data.message}
            </span>
          )}
          {purge.isError && <Alert>{errorMessage(purge.error)}</Alert>}
        </div>
      </Card>
    </>
  );
}
