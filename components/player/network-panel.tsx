"use client";

import { Fragment, useState } from "react";
import type { NetworkEntry } from "@/lib/replay/timeline";
import { searchForRequest } from "@/lib/search/request-search";
import { clock } from "./clock";
import { markedRow, useFollowPlayhead } from "./follow-list";

const size = (n: number | null) =>
  n === null
    ? "—"
    : n < 1024
      ? `${n} B`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1048576).toFixed(1)} MB`;

/** fetch and XHR requests as recorded (headers and bodies only when captured, always redacted). */
export function NetworkPanel({
  entries,
  origin,
  currentMs,
  onSeek,
  workspace,
}: {
  entries: NetworkEntry[];
  origin: number;
  currentMs: number;
  onSeek: (ms: number) => void;
  /** The workspace's slug, for the link to recordings with the same request (none on a share page). */
  workspace?: string;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const [failedOnly, setFailedOnly] = useState(false);
  const rows = entries.map((e, i) => ({ e, i })).filter(({ e }) => !failedOnly || e.failed);
  const [picked, setPicked] = useState<{ key: string; at: number } | null>(null);
  const current = markedRow(
    rows,
    (r) => r.e.at,
    origin + currentMs,
    (r) => String(r.i),
    picked,
  );
  const { list, onScroll } = useFollowPlayhead<HTMLDivElement>(current);
  if (entries.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="network-empty">
        No requests were captured in this recording. Network capture is off unless it is turned on: in
        Settings → Privacy for the whole workspace, or with <code>network: true</code> in the SDK&apos;s
        options. Headers and bodies are only kept when asked for, and redacted.
      </p>
    );
  }
  return (
    <div className="flex h-full flex-col gap-2">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />
        Failed requests only
      </label>
      <div ref={list} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto">
        <table className="w-full text-left text-xs" data-testid="network">
          <thead className="sticky top-0 bg-white text-zinc-500 dark:bg-zinc-950">
            <tr>
              <th className="py-1 font-medium">At</th>
              <th className="font-medium">Request</th>
              <th className="font-medium">Status</th>
              <th className="text-right font-medium">Time</th>
              <th className="text-right font-medium">Size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ e, i }) => (
              <Fragment key={i}>
                <tr
                  data-key={String(i)}
                  aria-current={String(i) === current ? "true" : undefined}
                  className={`cursor-pointer border-b border-zinc-100 hover:bg-zinc-100 aria-[current]:bg-brand-50 dark:border-zinc-800 dark:hover:bg-zinc-800 dark:aria-[current]:bg-brand-500/15 ${e.failed ? "text-red-700 dark:text-red-400" : ""}`}
                  onClick={() => {
                    setOpen(open === i ? null : i);
                    setPicked({ key: String(i), at: e.at });
                    onSeek(Math.max(0, e.at - origin));
                  }}
                >
                  <td className="py-1 pr-2 tabular-nums text-zinc-500">{clock(e.at - origin)}</td>
                  <td className="max-w-56 truncate pr-2" title={e.url}>
                    <button type="button" className="text-left" aria-expanded={open === i}>
                      <span className="font-medium">{e.method}</span> {e.url}
                    </button>
                  </td>
                  <td className="pr-2">{e.status === 0 ? "failed" : e.status}</td>
                  <td className="text-right tabular-nums">
                    {e.durationMs === null ? "—" : `${e.durationMs} ms`}
                  </td>
                  <td className="text-right tabular-nums">{size(e.size)}</td>
                </tr>
                {open === i && (
                  <tr>
                    <td colSpan={5}>
                      {workspace && searchForRequest(e) && (
                        <a
                          href={`/${workspace}/recordings?${new URLSearchParams({ q: searchForRequest(e)! })}`}
                          className="mb-1 inline-block font-medium text-brand-600 hover:underline"
                          data-testid="request-recordings"
                        >
                          Recordings with this request
                        </a>
                      )}
                      <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-50 p-2 dark:bg-zinc-900">
                        {JSON.stringify(e.detail, null, 2)}
                      </pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
