"use client";

import type { ReactNode } from "react";
import { z } from "zod";
import { formatDuration } from "@/components/recordings/format";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/control";
import { FieldFrame } from "@/components/ui/field";
import { Form, FormError, SubmitButton, useFieldState, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import type { RecordingSettings } from "@/lib/data/settings";
import { formatNumber } from "@/lib/format";
import { useApiMutation } from "@/lib/queries/mutation";
import { CheckpointSetting } from "./checkpoint-setting";

const n = (x: number) => formatNumber(Math.round(x));
const share = (xs: number[], pass: (x: number) => boolean) =>
  xs.length ? Math.round((100 * xs.filter(pass).length) / xs.length) : null;

/** A number in the form's units; the server checks again (lib/api/schemas.ts recordingSettingsChange). */
const amount = (min: number, max: number) =>
  z
    .number({ error: "Enter a number." })
    .min(min, `At least ${formatNumber(min)}.`)
    .max(max, `At most ${formatNumber(max)}.`);

const recordingFields = z.object({
  enabled: z.boolean(),
  samplePct: amount(0, 100),
  minSec: amount(0, 600),
  errorPct: amount(0, 100),
  idleMin: amount(1, 1440),
  maxMin: amount(1, 1440),
  checkpointMin: z.number(),
  canvas: z.object({ enabled: z.boolean(), fps: amount(0.2, 10), qualityPct: amount(10, 100) }),
  // The signals this form does not show (thrash, error click) pass through as stored.
  thresholds: z.looseObject({
    rageClicks: amount(2, 20).int("A whole number."),
    rageWindowMs: amount(100, 10_000).int("A whole number."),
    rageRadiusPx: amount(1, 500).int("A whole number."),
    deadClickMs: amount(100, 30_000).int("A whole number."),
    uturnMs: amount(500, 60_000).int("A whole number."),
  }),
});
type RecordingFields = z.infer<typeof recordingFields>;

/** What the form shows for what is stored: percentages, seconds and minutes. */
const fieldsOf = (s: RecordingSettings): RecordingFields => ({
  enabled: s.enabled,
  samplePct: Math.round(s.sampleRate * 100),
  minSec: Math.round(s.minDurationMs / 1000),
  errorPct: Math.round(s.errorSampleRate * 100),
  idleMin: Math.round(s.idleTimeoutMs / 60_000),
  maxMin: Math.round(s.maxDurationMs / 60_000),
  checkpointMin: s.checkpointEveryMs / 60_000,
  canvas: { enabled: s.canvas.enabled, fps: s.canvas.fps, qualityPct: Math.round(s.canvas.quality * 100) },
  thresholds: s.thresholds,
});

const changeOf = (v: RecordingFields) => ({
  enabled: v.enabled,
  sampleRate: v.samplePct / 100,
  minDurationMs: v.minSec * 1000,
  errorSampleRate: v.errorPct / 100,
  idleTimeoutMs: v.idleMin * 60_000,
  maxDurationMs: v.maxMin * 60_000,
  checkpointEveryMs: Math.round(v.checkpointMin * 60_000),
  canvas: { enabled: v.canvas.enabled, fps: v.canvas.fps, quality: v.canvas.qualityPct / 100 },
  thresholds: v.thresholds,
});

/** A number field of this form with its unit; `means` says what the current value does for this site. */
function NumberSetting({
  name,
  label,
  unit,
  min,
  max,
  step = 1,
  means,
}: {
  name: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  step?: number;
  means: ReactNode;
}) {
  const { register, error } = useFieldState(name);
  return (
    <FieldFrame label={label} hint={means} error={error}>
      {(wiring) => (
        <span className="flex items-center gap-1.5 text-sm">
          <input
            {...wiring}
            type="number"
            min={min}
            max={max}
            step={step}
            className={controlClass("sm", "w-24 tabular-nums")}
            {...register(name, { valueAsNumber: true })}
          />
          <span className="text-zinc-500">{unit}</span>
        </span>
      )}
    </FieldFrame>
  );
}

function Toggle({ name, children }: { name: string; children: ReactNode }) {
  const { register } = useFieldState(name);
  return (
    <label className="flex gap-2 text-sm">
      <input type="checkbox" {...register(name)} />
      <span>{children}</span>
    </label>
  );
}

/**
 * Settings → Recording (admins): how many visits are recorded, which, for how long, and what
 * counts as a frustration signal — each with a line saying what the number means for this site.
 */
export function RecordingSettingsForm({
  workspace,
  initial,
  traffic,
}: {
  workspace: string;
  initial: RecordingSettings;
  traffic: { recordedPerDay: number; sitePerDay: number | null; durations: number[] };
}) {
  const form = useZodForm(recordingFields, fieldsOf(initial));
  // The page's server component read the settings and traffic: refresh it there after a save.
  const save = useApiMutation({
    mutationFn: (v: RecordingFields) =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, { method: "PATCH", body: changeOf(v) }),
    refreshServer: true,
    success: () => "Saved.",
  });
  const v = form.watch();
  const t = v.thresholds;
  const site = traffic.sitePerDay;
  const { durations } = traffic;
  const shorter = share(durations, (d) => d < v.minSec * 1000);
  const longer = share(durations, (d) => d > v.maxMin * 60_000);
  const unsampled = site === null ? null : site * (1 - v.samplePct / 100);
  return (
    <Form form={form} className="space-y-6" onSubmit={(values) => save.mutateAsync(values)}>
      <Card
        title="What is recorded"
        description={`Over the last 7 days, ${n(traffic.recordedPerDay)} recordings a day${site !== null ? ` from about ${n(site)} daily sessions on your site` : ""}. Changes reach your site's SDK within a minute.`}
      >
        <div className="space-y-4">
          <Toggle name="enabled">
            <strong className="font-medium">Record sessions</strong> — off stops every SDK from recording
            (already recorded sessions stay).
          </Toggle>
          <NumberSetting
            name="samplePct"
            label="Sample rate"
            unit="% of sessions"
            min={0}
            max={100}
            means={
              site === null
                ? "Record this share of sessions, chosen at random per session."
                : `About ${n((site * v.samplePct) / 100)} of your ${n(site)} daily sessions.`
            }
          />
          <NumberSetting
            name="minSec"
            label="Minimum duration"
            unit="seconds"
            min={0}
            max={600}
            means={
              v.minSec === 0
                ? "Every sampled visit is kept, however short."
                : `Visits shorter than ${v.minSec} s are never sent${shorter !== null ? `: ${shorter}% of recent recordings were shorter` : ""}.`
            }
          />
          <NumberSetting
            name="errorPct"
            label="Error buffer"
            unit="% of the rest"
            min={0}
            max={100}
            means={
              v.errorPct === 0
                ? "Sessions not sampled are not recorded at all."
                : `${v.errorPct}% of the sessions not sampled${unsampled !== null ? ` (about ${n((unsampled * v.errorPct) / 100)} a day)` : ""} keep their last minute in the browser and send it only when an error happens.`
            }
          />
          <NumberSetting
            name="idleMin"
            label="End a session after idle"
            unit="minutes"
            min={1}
            max={1440}
            means={`A visitor who comes back after ${v.idleMin} minutes without activity starts a new recording.`}
          />
          <NumberSetting
            name="maxMin"
            label="Maximum duration"
            unit="minutes"
            min={1}
            max={1440}
            means={`Recording stops after ${formatDuration(v.maxMin * 60_000)}${longer !== null ? `; ${longer}% of recent recordings were longer` : ""}.`}
          />
          <CheckpointSetting
            minutes={v.checkpointMin}
            onChange={(m) => form.setValue("checkpointMin", m, { shouldDirty: true })}
          />
        </div>
      </Card>
      <Card
        title="Canvas"
        description="Charts, maps, games and signature pads draw into a <canvas>, which replays blank unless its frames are recorded. Frames are images: masking cannot see inside them, so block a canvas that may show personal data (data-rewind-block)."
      >
        <div className="space-y-4">
          <Toggle name="canvas.enabled">
            <strong className="font-medium">Record canvas frames</strong> — sampled webp images of each
            canvas, sent when it changed; a page can refuse with <code>recordCanvas: false</code>.
          </Toggle>
          <NumberSetting
            name="canvas.fps"
            label="Frames per second"
            unit="fps, at most"
            min={0.2}
            max={10}
            step={0.2}
            means={`A changing canvas is sent up to ${v.canvas.fps} times a second; a still one once.`}
          />
          <NumberSetting
            name="canvas.qualityPct"
            label="Image quality"
            unit="% (webp)"
            min={10}
            max={100}
            step={5}
            means="Lower is smaller and blurrier; 60% keeps charts and text readable."
          />
        </div>
      </Card>
      <Card
        title="Frustration signals"
        description="When a click counts as a rage click, a dead click or a U-turn. Applies to recordings stored from now on."
      >
        <div className="space-y-4">
          <NumberSetting
            name="thresholds.rageClicks"
            label="Rage click: clicks"
            unit="clicks"
            min={2}
            max={20}
            means={`${t.rageClicks} or more clicks within ${t.rageWindowMs} ms and ${t.rageRadiusPx} px of each other.`}
          />
          <NumberSetting
            name="thresholds.rageWindowMs"
            label="Rage click: within"
            unit="ms"
            min={100}
            max={10_000}
            step={50}
            means="How close in time the clicks must be."
          />
          <NumberSetting
            name="thresholds.rageRadiusPx"
            label="Rage click: radius"
            unit="px"
            min={1}
            max={500}
            means="How close on the page the clicks must be."
          />
          <NumberSetting
            name="thresholds.deadClickMs"
            label="Dead click wait"
            unit="ms"
            min={100}
            max={30_000}
            step={100}
            means={`A click after which nothing on the page changes for ${(t.deadClickMs / 1000).toFixed(1)} s.`}
          />
          <NumberSetting
            name="thresholds.uturnMs"
            label="U-turn window"
            unit="ms"
            min={500}
            max={60_000}
            step={500}
            means={`Leaving a page and coming straight back within ${(t.uturnMs / 1000).toFixed(1)} s.`}
          />
        </div>
      </Card>
      <FormError />
      <SubmitButton pending="Saving…">Save recording settings</SubmitButton>
    </Form>
  );
}
