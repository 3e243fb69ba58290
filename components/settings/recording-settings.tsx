"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { formatDuration } from "@/components/recordings/format";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/control";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import type { RecordingSettings } from "@/lib/data/settings";
import { formatNumber } from "@/lib/format";
import { CheckpointSetting } from "./checkpoint-setting";

const n = (x: number) => formatNumber(Math.round(x));
const share = (xs: number[], pass: (x: number) => boolean) =>
  xs.length ? Math.round((100 * xs.filter(pass).length) / xs.length) : null;

function Setting({
  label,
  unit,
  value,
  onChange,
  min,
  max,
  step = 1,
  means,
}: {
  label: string;
  unit: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step?: number;
  means: ReactNode;
}) {
  return (
    <label className="grid gap-1 text-sm md:grid-cols-[16rem_10rem_1fr] md:items-center md:gap-3">
      <span className="font-medium">{label}</span>
      <span className="flex items-center gap-1.5">
        <input
          type="number"
          value={value}
          min={min}
          max={max}
          step={step}
          onChange={(e) => onChange(Number(e.target.value))}
          className={controlClass("sm", "w-24 tabular-nums")}
        />
        <span className="text-zinc-500">{unit}</span>
      </span>
      <span className="text-zinc-600 dark:text-zinc-400" data-means>
        {means}
      </span>
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
  const router = useRouter();
  const [enabled, setEnabled] = useState(initial.enabled);
  const [samplePct, setSamplePct] = useState(Math.round(initial.sampleRate * 100));
  const [minSec, setMinSec] = useState(Math.round(initial.minDurationMs / 1000));
  const [errorPct, setErrorPct] = useState(Math.round(initial.errorSampleRate * 100));
  const [idleMin, setIdleMin] = useState(Math.round(initial.idleTimeoutMs / 60_000));
  const [maxMin, setMaxMin] = useState(Math.round(initial.maxDurationMs / 60_000));
  const [checkpointMin, setCheckpointMin] = useState(initial.checkpointEveryMs / 60_000);
  const [canvas, setCanvas] = useState(initial.canvas);
  const [t, setT] = useState(initial.thresholds);
  const setThreshold = (k: keyof typeof t) => (v: number) => setT((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, {
        method: "PATCH",
        body: {
          enabled,
          sampleRate: samplePct / 100,
          minDurationMs: minSec * 1000,
          errorSampleRate: errorPct / 100,
          idleTimeoutMs: idleMin * 60_000,
          maxDurationMs: maxMin * 60_000,
          checkpointEveryMs: Math.round(checkpointMin * 60_000),
          canvas,
          thresholds: t,
        },
      }),
    onSuccess: () => router.refresh(),
  });
  const site = traffic.sitePerDay;
  const { durations } = traffic;
  const shorter = share(durations, (d) => d < minSec * 1000);
  const longer = share(durations, (d) => d > maxMin * 60_000);
  const unsampled = site === null ? null : site * (1 - samplePct / 100);
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Card
        title="What is recorded"
        description={`Over the last 7 days, ${n(traffic.recordedPerDay)} recordings a day${site !== null ? ` from about ${n(site)} daily sessions on your site` : ""}. Changes reach your site's SDK within a minute.`}
      >
        <div className="space-y-4">
          <label className="flex gap-2 text-sm">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span>
              <strong className="font-medium">Record sessions</strong> — off stops every SDK from recording
              (already recorded sessions stay).
            </span>
          </label>
          <Setting
            label="Sample rate"
            unit="% of sessions"
            value={samplePct}
            min={0}
            max={100}
            onChange={setSamplePct}
            means={
              site === null
                ? "Record this share of sessions, chosen at random per session."
                : `About ${n((site * samplePct) / 100)} of your ${n(site)} daily sessions.`
            }
          />
          <Setting
            label="Minimum duration"
            unit="seconds"
            value={minSec}
            min={0}
            max={600}
            onChange={setMinSec}
            means={
              minSec === 0
                ? "Every sampled visit is kept, however short."
                : `Visits shorter than ${minSec} s are never sent${shorter !== null ? `: ${shorter}% of recent recordings were shorter` : ""}.`
            }
          />
          <Setting
            label="Error buffer"
            unit="% of the rest"
            value={errorPct}
            min={0}
            max={100}
            onChange={setErrorPct}
            means={
              errorPct === 0
                ? "Sessions not sampled are not recorded at all."
                : `${errorPct}% of the sessions not sampled${unsampled !== null ? ` (about ${n((unsampled * errorPct) / 100)} a day)` : ""} keep their last minute in the browser and send it only when an error happens.`
            }
          />
          <Setting
            label="End a session after idle"
            unit="minutes"
            value={idleMin}
            min={1}
            max={1440}
            onChange={setIdleMin}
            means={`A visitor who comes back after ${idleMin} minutes without activity starts a new recording.`}
          />
          <Setting
            label="Maximum duration"
            unit="minutes"
            value={maxMin}
            min={1}
            max={1440}
            onChange={setMaxMin}
            means={`Recording stops after ${formatDuration(maxMin * 60_000)}${longer !== null ? `; ${longer}% of recent recordings were longer` : ""}.`}
          />
          <CheckpointSetting minutes={checkpointMin} onChange={setCheckpointMin} />
        </div>
      </Card>
      <Card
        title="Canvas"
        description="Charts, maps, games and signature pads draw into a <canvas>, which replays blank unless its frames are recorded. Frames are images: masking cannot see inside them, so block a canvas that may show personal data (data-rewind-block)."
      >
        <div className="space-y-4">
          <label className="flex gap-2 text-sm">
            <input
              type="checkbox"
              checked={canvas.enabled}
              onChange={(e) => setCanvas((c) => ({ ...c, enabled: e.target.checked }))}
            />
            <span>
              <strong className="font-medium">Record canvas frames</strong> — sampled webp images of each
              canvas, sent when it changed; a page can refuse with <code>recordCanvas: false</code>.
            </span>
          </label>
          <Setting
            label="Frames per second"
            unit="fps, at most"
            value={canvas.fps}
            min={0.2}
            max={10}
            step={0.2}
            onChange={(fps) => setCanvas((c) => ({ ...c, fps }))}
            means={`A changing canvas is sent up to ${canvas.fps} times a second; a still one once.`}
          />
          <Setting
            label="Image quality"
            unit="% (webp)"
            value={Math.round(canvas.quality * 100)}
            min={10}
            max={100}
            step={5}
            onChange={(q) => setCanvas((c) => ({ ...c, quality: q / 100 }))}
            means="Lower is smaller and blurrier; 60% keeps charts and text readable."
          />
        </div>
      </Card>
      <Card
        title="Frustration signals"
        description="When a click counts as a rage click, a dead click or a U-turn. Applies to recordings stored from now on."
      >
        <div className="space-y-4">
          <Setting
            label="Rage click: clicks"
            unit="clicks"
            value={t.rageClicks}
            min={2}
            max={20}
            onChange={setThreshold("rageClicks")}
            means={`${t.rageClicks} or more clicks within ${t.rageWindowMs} ms and ${t.rageRadiusPx} px of each other.`}
          />
          <Setting
            label="Rage click: within"
            unit="ms"
            value={t.rageWindowMs}
            min={100}
            max={10_000}
            step={50}
            onChange={setThreshold("rageWindowMs")}
            means="How close in time the clicks must be."
          />
          <Setting
            label="Rage click: radius"
            unit="px"
            value={t.rageRadiusPx}
            min={1}
            max={500}
            onChange={setThreshold("rageRadiusPx")}
            means="How close on the page the clicks must be."
          />
          <Setting
            label="Dead click wait"
            unit="ms"
            value={t.deadClickMs}
            min={100}
            max={30_000}
            step={100}
            onChange={setThreshold("deadClickMs")}
            means={`A click after which nothing on the page changes for ${(t.deadClickMs / 1000).toFixed(1)} s.`}
          />
          <Setting
            label="U-turn window"
            unit="ms"
            value={t.uturnMs}
            min={500}
            max={60_000}
            step={500}
            onChange={setThreshold("uturnMs")}
            means={`Leaving a page and coming straight back within ${(t.uturnMs / 1000).toFixed(1)} s.`}
          />
        </div>
      </Card>
      {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">Saved.</Alert>}
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save recording settings"}
      </Button>
    </form>
  );
}
