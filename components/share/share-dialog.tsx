"use client";

import { useState } from "react";
import { CopyButton } from "@/components/settings/copy-button";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import { Alert, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

const EXPIRY_LABELS = { "1d": "1 day", "7d": "7 days", "30d": "30 days", never: "Never" } as const;
type Expiry = keyof typeof EXPIRY_LABELS;

/** m:ss or h:mm:ss → milliseconds; null when it is not a time. */
function parseMoment(text: string): number | null {
  const parts = text.trim().split(":").map(Number);
  if (!text.trim() || parts.length > 3 || parts.some((n) => !Number.isInteger(n) || n < 0)) return null;
  return parts.reduce((acc, n) => acc * 60 + n, 0) * 1000;
}

/**
 * Makes a link for people outside the workspace: to one recording (optionally at a moment) or a
 * playlist, expiring after 1, 7 or 30 days (never, if an admin allowed it). The link is shown once.
 */
export function ShareDialog({
  workspace,
  kind,
  targetId,
  policy,
}: {
  workspace: string;
  kind: "recording" | "playlist";
  targetId: string;
  policy: { enabled: boolean; allowNever: boolean };
}) {
  const [open, setOpen] = useState(false);
  const [expiry, setExpiry] = useState<Expiry>("7d");
  const [showPerson, setShowPerson] = useState(false);
  const [moment, setMoment] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="share-open">
        Share…
      </Button>
    );
  }
  return (
    <div
      role="dialog"
      aria-label={`Share this ${kind}`}
      className="w-full max-w-md space-y-3 rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="font-semibold">Share this {kind} outside the workspace</h2>
      {!policy.enabled ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          Sharing outside the workspace is off. An admin can turn it on in Settings → Sharing.
        </p>
      ) : link ? (
        <div className="space-y-2">
          <p>
            Anyone with this link can watch {kind === "playlist" ? "the playlist's recordings" : "it"} until
            it expires or is revoked. It is shown only now.
          </p>
          <div className="flex gap-2">
            <input
              readOnly
              value={link}
              aria-label="Share link"
              className={controlClass("sm", "min-w-0 flex-1 font-mono text-xs")}
              onFocus={(e) => e.target.select()}
            />
            <CopyButton value={link} />
          </div>
        </div>
      ) : (
        <form
          className="space-y-3"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            const atMs = kind === "recording" && moment.trim() ? parseMoment(moment) : null;
            if (kind === "recording" && moment.trim() && atMs === null) {
              setError("Write the moment as m:ss, for example 1:25.");
              return;
            }
            setBusy(true);
            try {
              const r = await api<{ path: string }>(`/api/v1/workspaces/${workspace}/shares`, {
                method: "POST",
                body: { kind, targetId, expiry, showPerson, ...(kind === "recording" ? { atMs } : {}) },
              });
              setLink(`${window.location.origin}${r.path}`);
            } catch (err) {
              setError(errorMessage(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {error && <Alert>{error}</Alert>}
          <Select
            label="Link expires after"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value as Expiry)}
          >
            {(Object.keys(EXPIRY_LABELS) as Expiry[])
              .filter((x) => x !== "never" || policy.allowNever)
              .map((x) => (
                <option key={x} value={x}>
                  {EXPIRY_LABELS[x]}
                </option>
              ))}
          </Select>
          {kind === "recording" && (
            <label className="block space-y-1">
              <span className="font-medium">Start at (optional)</span>
              <input
                value={moment}
                onChange={(e) => setMoment(e.target.value)}
                placeholder="1:25"
                className={controlClass("sm", "block w-32")}
              />
            </label>
          )}
          <label className="flex gap-2">
            <input type="checkbox" checked={showPerson} onChange={(e) => setShowPerson(e.target.checked)} />
            <span>
              Show who was recorded (their id and properties). Off, viewers see only what happened on the
              page.
            </span>
          </label>
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              {busy ? "Creating…" : "Create link"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {(link || !policy.enabled) && (
        <Button
          variant="ghost"
          onClick={() => {
            setOpen(false);
            setLink(null);
          }}
        >
          Close
        </Button>
      )}
    </div>
  );
}
