"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

const input = controlClass("sm");

/** Creates a cohort: property conditions, first seen within N days, at least N sessions (all must hold). */
export function CohortForm({ workspace }: { workspace: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [props, setProps] = useState([{ key: "", op: "equals" as "equals" | "not_equals", value: "" }]);
  const [days, setDays] = useState("");
  const [sessions, setSessions] = useState("");
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/cohorts`, {
        method: "POST",
        body: {
          name,
          properties: props.filter((p) => p.key.trim()),
          ...(days && { firstSeenWithinDays: Number(days) }),
          ...(sessions && { minSessions: Number(sessions) }),
        },
      }),
    onSuccess: () => {
      setName("");
      setProps([{ key: "", op: "equals", value: "" }]);
      setDays("");
      setSessions("");
      router.refresh();
    },
  });
  return (
    <form
      className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label="New cohort"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 className="font-semibold">New cohort</h2>
      {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
      <label className="block text-sm">
        <span className="font-medium">Cohort name</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={`${input} mt-1 block w-full max-w-sm`}
          placeholder="Growth plan"
        />
      </label>
      <fieldset className="space-y-2 text-sm">
        <legend className="font-medium">Persons whose properties</legend>
        {props.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <div key={i} className="flex flex-wrap gap-2">
            <input
              aria-label={`Property ${i + 1}`}
              value={p.key}
              placeholder="plan"
              className={`${input} w-32`}
              onChange={(e) => setProps(props.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
            />
            <select
              aria-label={`Comparison ${i + 1}`}
              value={p.op}
              className={input}
              onChange={(e) =>
                setProps(props.map((x, j) => (j === i ? { ...x, op: e.target.value as "equals" } : x)))
              }
            >
              <option value="equals">is</option>
              <option value="not_equals">is not</option>
            </select>
            <input
              aria-label={`Value ${i + 1}`}
              value={p.value}
              placeholder="growth"
              className={`${input} w-40`}
              onChange={(e) => setProps(props.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
            />
          </div>
        ))}
        {props.length < 10 && (
          <button
            type="button"
            className="text-xs text-brand-600 hover:underline"
            onClick={() => setProps([...props, { key: "", op: "equals", value: "" }])}
          >
            + another property
          </button>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-4 text-sm">
        <label>
          <span className="font-medium">First seen in the last</span>{" "}
          <input
            type="number"
            min={1}
            max={3650}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className={`${input} w-20`}
            aria-label="First seen within days"
          />{" "}
          days
        </label>
        <label>
          <span className="font-medium">At least</span>{" "}
          <input
            type="number"
            min={1}
            value={sessions}
            onChange={(e) => setSessions(e.target.value)}
            className={`${input} w-20`}
            aria-label="Minimum sessions"
          />{" "}
          sessions
        </label>
      </div>
      <Button type="submit" disabled={save.isPending || !name.trim()}>
        {save.isPending ? "Saving…" : "Save cohort"}
      </Button>
    </form>
  );
}
