"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

const TIMEOUTS = [5, 10, 15, 30, 60, 120, 240];

/** The session definition: when inactivity ends a session, and whose session ids count. */
export function SessionSettings({
  workspace,
  initial,
  canWrite,
}: {
  workspace: string;
  initial: { idleTimeoutMs: number; sessionIdSource: "rewind" | "site" };
  canWrite: boolean;
}) {
  const router = useRouter();
  const [idleMinutes, setIdleMinutes] = useState(Math.round(initial.idleTimeoutMs / 60_000));
  const [source, setSource] = useState(initial.sessionIdSource);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, {
        method: "PATCH",
        body: { idleTimeoutMs: idleMinutes * 60_000, sessionIdSource: source },
      }),
    onSuccess: () => router.refresh(),
  });
  const minutes = TIMEOUTS.includes(idleMinutes)
    ? TIMEOUTS
    : [...TIMEOUTS, idleMinutes].sort((a, b) => a - b);
  return (
    <Card
      title="Sessions"
      description="What one recording is. Changes reach your site's SDK with its remote config within a minute; sessions already recorded keep their shape."
    >
      <form
        className="max-w-xl space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert tone="success">Saved.</Alert>}
        <fieldset disabled={!canWrite} className="space-y-5">
          <div>
            <Select
              label="End a session after this long without activity"
              value={idleMinutes}
              onChange={(e) => setIdleMinutes(Number(e.target.value))}
            >
              {minutes.map((m) => (
                <option key={m} value={m}>
                  {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? "" : "s"}`}
                </option>
              ))}
            </Select>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              A visitor who comes back to an open tab after {idleMinutes} minutes or more starts a new
              recording. The common choice is 30 minutes, as in web analytics.
            </p>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Session ids</legend>
            <label className="flex gap-2 text-sm">
              <input
                type="radio"
                name="source"
                checked={source === "rewind"}
                onChange={() => setSource("rewind")}
              />
              <span>
                <strong className="font-medium">Rewind's</strong> — the SDK starts and rotates sessions
                itself, shared by the site's tabs.
              </span>
            </label>
            <label className="flex gap-2 text-sm">
              <input
                type="radio"
                name="source"
                checked={source === "site"}
                onChange={() => setSource("site")}
              />
              <span>
                <strong className="font-medium">Your site's own</strong> — pass yours with{" "}
                <code>rewind.init(key, {"{ sessionId }"})</code> so recordings line up with your analytics.
                Pages that do not pass one are not recorded.
              </span>
            </label>
          </fieldset>
        </fieldset>
        {canWrite ? (
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        ) : (
          <p className="text-sm text-zinc-500">Only admins and owners change these.</p>
        )}
      </form>
    </Card>
  );
}
