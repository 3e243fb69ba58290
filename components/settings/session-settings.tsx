"use client";

import { z } from "zod";
import { Card } from "@/components/ui/card";
import { Form, FormError, SelectField, SubmitButton, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import { useApiMutation } from "@/lib/queries/mutation";

const TIMEOUTS = [5, 10, 15, 30, 60, 120, 240];

const sessionFields = z.object({
  idleMinutes: z.string().regex(/^\d+$/, "Pick a time.").transform(Number),
  sessionIdSource: z.enum(["rewind", "site"]),
});

const minutesLabel = (m: number) => (m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? "" : "s"}`);

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
  const current = Math.round(initial.idleTimeoutMs / 60_000);
  const form = useZodForm(sessionFields, {
    idleMinutes: String(current),
    sessionIdSource: initial.sessionIdSource,
  });
  // The page's server component read the settings: refresh it there after a save.
  const save = useApiMutation({
    mutationFn: (v: z.infer<typeof sessionFields>) =>
      api(`/api/v1/workspaces/${workspace}/settings/recording`, {
        method: "PATCH",
        body: { idleTimeoutMs: v.idleMinutes * 60_000, sessionIdSource: v.sessionIdSource },
      }),
    refreshServer: true,
    success: () => "Saved.",
  });
  const minutes = TIMEOUTS.includes(current) ? TIMEOUTS : [...TIMEOUTS, current].sort((a, b) => a - b);
  const idle = form.watch("idleMinutes");
  return (
    <Card
      title="Sessions"
      description="What one recording is. Changes reach your site's SDK with its remote config within a minute; sessions already recorded keep their shape."
    >
      <Form form={form} className="max-w-xl space-y-5" onSubmit={(v) => save.mutateAsync(v)}>
        <FormError />
        <fieldset disabled={!canWrite} className="space-y-5">
          <SelectField
            name="idleMinutes"
            label="End a session after this long without activity"
            options={minutes.map((m) => ({ value: String(m), label: minutesLabel(m) }))}
            hint={`A visitor who comes back to an open tab after ${idle} minutes or more starts a new recording. The common choice is 30 minutes, as in web analytics.`}
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Session ids</legend>
            <label className="flex gap-2 text-sm">
              <input type="radio" value="rewind" {...form.register("sessionIdSource")} />
              <span>
                <strong className="font-medium">Rewind's</strong> — the SDK starts and rotates sessions
                itself, shared by the site's tabs.
              </span>
            </label>
            <label className="flex gap-2 text-sm">
              <input type="radio" value="site" {...form.register("sessionIdSource")} />
              <span>
                <strong className="font-medium">Your site's own</strong> — pass yours with{" "}
                <code>rewind.init(key, {"{ sessionId }"})</code> so recordings line up with your analytics.
                Pages that do not pass one are not recorded.
              </span>
            </label>
          </fieldset>
        </fieldset>
        {canWrite ? (
          <SubmitButton pending="Saving…">Save</SubmitButton>
        ) : (
          <p className="text-sm text-zinc-500">Only admins and owners change these.</p>
        )}
      </Form>
    </Card>
  );
}
