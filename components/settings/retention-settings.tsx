"use client";

import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/control";
import { Alert } from "@/components/ui/field";
import { Form, FormError, useZodForm } from "@/components/ui/form";
import { formatNumber, formatUtcMinute } from "@/lib/format";
import { usePurgeNow, useRetentionImpact, useSaveRetention } from "@/lib/queries/retention";
import type { RetentionOverview } from "@/lib/retention/overview";

const PRESETS = [7, 30, 90, 365];
const DAY_MS = 86_400_000;
const plural = (days: number) => `${days} day${days === 1 ? "" : "s"}`;
const size = (bytes: number) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1e3)} KB`;

const CHOICES = ["7", "30", "90", "365", "custom"] as const;

/** The choice as the form holds it; the server checks the days again (1 to 3650, or the cap). */
const retentionFields = z
  .object({ choice: z.enum(CHOICES), custom: z.number({ error: "Enter a number." }), shorten: z.boolean() })
  .superRefine((v, ctx) => {
    if (v.choice === "custom" && !(Number.isInteger(v.custom) && v.custom >= 1 && v.custom <= 3650))
      ctx.addIssue({
        code: "custom",
        path: ["custom"],
        message: "Choose a whole number of days from 1 to 3650.",
      });
  });
type RetentionFields = z.infer<typeof retentionFields>;
const daysOf = (v: Partial<RetentionFields>) => (v.choice === "custom" ? Number(v.custom) : Number(v.choice));

/** Settings → Retention: how long recordings are kept, what the purge did last and when it runs next. */
export function RetentionSettings({
  workspace,
  overview,
}: {
  workspace: string;
  overview: RetentionOverview;
}) {
  const current = overview.retentionDays;
  const form = useZodForm(retentionFields, {
    choice: PRESETS.includes(current) ? (String(current) as RetentionFields["choice"]) : "custom",
    custom: current,
    shorten: false,
  });
  // A change that deletes recordings is saved only after a second, explicit click naming how many.
  const [confirming, setConfirming] = useState(false);
  const v = form.watch();
  const days = daysOf(v);
  const valid = Number.isInteger(days) && days >= 1 && days <= 3650;
  const changed = days !== current || v.shorten;
  const impact = useRetentionImpact(workspace, valid && changed ? { days, shorten: v.shorten } : null);
  const save = useSaveRetention(workspace);
  const purge = usePurgeNow(workspace);
  const wouldDelete = impact.data?.wouldDelete ?? null;
  const extra = wouldDelete === null ? null : wouldDelete - overview.expiredNow;
  const { error: customError } = form.getFieldState("custom", form.formState);
  // Any edit asks for the confirmation again.
  const edited = () => setConfirming(false);
  return (
    <>
      <Card
        title="Retention"
        description="How long new recordings are kept. Each recording keeps the retention it was recorded under, unless you shorten existing ones below."
      >
        <Form
          form={form}
          className="max-w-xl space-y-4 text-sm"
          onSubmit={async (values) => {
            if (extra && extra > 0 && !confirming) return setConfirming(true);
            await save.mutateAsync({ days: daysOf(values), shortenExisting: values.shorten });
            form.reset({ ...values, shorten: false });
            setConfirming(false);
          }}
        >
          <FormError />
          <div className="flex flex-wrap gap-3" role="radiogroup" aria-label="Keep recordings for">
            {PRESETS.map((d) => (
              <label key={d} className="flex gap-1.5">
                <input type="radio" value={String(d)} {...form.register("choice", { onChange: edited })} />
                {d} days
              </label>
            ))}
            <label className="flex items-center gap-1.5">
              <input type="radio" value="custom" {...form.register("choice", { onChange: edited })} />
              Custom
              <input
                type="number"
                min={1}
                max={3650}
                aria-label="Custom number of days"
                aria-invalid={customError ? true : undefined}
                aria-describedby={customError ? "retention-days-error" : undefined}
                onFocus={() => form.setValue("choice", "custom")}
                className={controlClass("sm", "w-20")}
                {...form.register("custom", { valueAsNumber: true, onChange: edited })}
              />
              days
            </label>
          </div>
          {(customError || !valid) && (
            <p id="retention-days-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
              {customError?.message ?? "Choose a whole number of days from 1 to 3650."}
            </p>
          )}
          <label className="flex gap-2">
            <input type="checkbox" {...form.register("shorten", { onChange: edited })} />
            <span>Also shorten recordings already kept longer than {valid ? plural(days) : "this"}</span>
          </label>
          {changed && valid && wouldDelete !== null && (
            <Alert tone={extra && extra > 0 ? "error" : "info"}>
              {extra && extra > 0
                ? `The next purge will delete ${formatNumber(wouldDelete)} recordings — ${formatNumber(extra)} of them, recorded before ${formatUtcMinute(Date.now() - days * DAY_MS)}, because of this change. This cannot be undone.`
                : v.shorten
                  ? `No recording is old enough to be deleted by this change yet; from now on none is kept longer than ${plural(days)}.${wouldDelete ? ` (The next purge deletes ${formatNumber(wouldDelete)} that have expired anyway.)` : ""}`
                  : `This change deletes no recording now${wouldDelete ? ` (the next purge deletes ${formatNumber(wouldDelete)} that have expired anyway)` : ""}; it applies to recordings made from now on.`}
            </Alert>
          )}
          {confirming && extra && extra > 0 ? (
            <div
              className="flex flex-wrap items-center gap-2"
              role="alertdialog"
              aria-label="Confirm deletion"
            >
              <Button type="submit" variant="danger" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting
                  ? "Saving…"
                  : `Delete ${formatNumber(extra)} recordings and save`}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
          ) : (
            <Button type="submit" disabled={!valid || !changed || form.formState.isSubmitting}>
              {form.formState.isSubmitting ? "Saving…" : "Save retention"}
            </Button>
          )}
        </Form>
      </Card>
      <Card
        title="Purge"
        description="Expired recordings are deleted with their events, comments and stored files."
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm" data-testid="purge-status">
          <dt className="text-zinc-500">Last run</dt>
          <dd>
            {overview.lastPurge
              ? `${formatUtcMinute(overview.lastPurge.startedAt)} · ${formatNumber(overview.lastPurge.sessions)} recordings, ${size(overview.lastPurge.bytes)} removed${overview.lastPurge.complete ? "" : " · stopped at its time limit, continues next run"}`
              : "Not yet"}
          </dd>
          <dt className="text-zinc-500">Next run</dt>
          <dd>
            {overview.nextPurgeAt
              ? `${formatUtcMinute(overview.nextPurgeAt)} (${overview.mode === "cron" ? "Vercel cron" : "in-process scheduler, hourly"})`
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
        </div>
      </Card>
    </>
  );
}
