"use client";

import { useEffect, useRef, useState } from "react";
import "rrweb-player/dist/style.css";
import { Button } from "@/components/ui/button";
import { Alert, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { maskChars, mergeMasking, shouldMaskText } from "@/sdk/src/privacy";
import { urlMatches } from "@/sdk/src/shared";
import type { MaskingOptions } from "@/sdk/src/types";

interface Sample {
  sessionId: string;
  href: string;
  events: { type: number; timestamp: number; data: Record<string, unknown> }[];
  atMs: number;
}

const PANE_WIDTH = 480;

/** The parts of rrweb-player the preview drives. */
interface PreviewPlayer {
  $destroy(): void;
  goto(ms: number, play?: boolean): void;
  getReplayer(): { iframe: HTMLIFrameElement };
}

/**
 * The proposed masking applied to a copy of the recorded page, with the SDK's own rules (the same
 * code that masks in the browser), so what is shown is what recording would keep.
 */
function applyMasking(live: Document, masking: MaskingOptions): string {
  const m = mergeMasking(undefined, masking);
  const clone = live.documentElement.cloneNode(true) as HTMLElement;
  // Blocked sections become grey blocks of the size they had on the page.
  let blockedCount = 0;
  try {
    const liveBlocked = [...live.querySelectorAll(m.blockSelector)];
    const cloneBlocked = [...clone.querySelectorAll(m.blockSelector)];
    cloneBlocked.forEach((el, i) => {
      const rect = liveBlocked[i]?.getBoundingClientRect();
      const box = live.createElement("div");
      box.setAttribute(
        "style",
        `width:${Math.round(rect?.width ?? 100)}px;height:${Math.round(rect?.height ?? 40)}px;background:repeating-linear-gradient(45deg,#d4d4d8,#d4d4d8 6px,#e4e4e7 6px,#e4e4e7 12px);border-radius:4px`,
      );
      box.setAttribute("data-preview-blocked", "");
      el.replaceWith(box);
      blockedCount++;
    });
  } catch {
    // An invalid selector: the SDK blocks nothing by it either (and says so in its debug log).
  }
  // Text: the same rule the recorder applies to each text node (closest() works on the detached copy).
  const walker = live.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  for (const t of texts) {
    const parent = t.parentElement;
    if (!parent || ["STYLE", "SCRIPT"].includes(parent.tagName)) continue;
    if (t.data.trim() && shouldMaskText(m, parent)) t.data = maskChars(t.data);
  }
  for (const s of clone.querySelectorAll("script")) s.remove();
  return `<!doctype html>${clone.outerHTML}<!-- ${blockedCount} blocked -->`;
}

export function MaskingPreview({
  workspace,
  pages,
  masking,
}: {
  workspace: string;
  pages: string[];
  masking: MaskingOptions & { level: 1 | 2 | 3 | 4 };
}) {
  const [path, setPath] = useState(pages[0] ?? "");
  const [sample, setSample] = useState<Sample | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const left = useRef<HTMLDivElement>(null);
  const liveDoc = useRef<Document | null>(null);
  // Read when the page is drawn; later changes are applied by the effect below without redrawing.
  const maskingRef = useRef(masking);
  maskingRef.current = masking;
  const viewport = (sample?.events[0]?.data ?? {}) as { width?: number; height?: number };
  const width = viewport.width ?? 1280;
  const height = viewport.height ?? 800;
  const scale = PANE_WIDTH / width;

  // The recorded page, drawn by the same player the replay uses.
  useEffect(() => {
    if (!sample || !left.current) return;
    let destroyed = false;
    let instance: PreviewPlayer | null = null;
    const target = left.current;
    target.innerHTML = "";
    void import("rrweb-player").then(({ default: Player }) => {
      if (destroyed) return;
      const created = new Player({
        target,
        props: {
          events: sample.events as never,
          width: PANE_WIDTH,
          height: Math.round(height * scale),
          autoPlay: false,
          showController: false,
        },
      }) as unknown as PreviewPlayer;
      instance = created;
      // To the moment the page was shown (a single-page app's route is drawn by the events after
      // the snapshot); then a moment for layout, so blocked sections can be measured.
      created.goto(sample.atMs, false);
      setTimeout(() => {
        if (destroyed) return;
        liveDoc.current = created.getReplayer().iframe.contentDocument ?? null;
        if (liveDoc.current) setHtml(applyMasking(liveDoc.current, maskingRef.current));
      }, 200);
    });
    return () => {
      destroyed = true;
      instance?.$destroy();
    };
  }, [sample, height, scale]);

  // Proposed settings changed: apply them again to the drawn page.
  useEffect(() => {
    if (liveDoc.current) setHtml(applyMasking(liveDoc.current, masking));
  }, [masking]);

  const pageSkipped =
    sample && masking.level >= 4 && urlMatches(sample.href, mergeMasking(undefined, masking).blockUrls);

  return (
    <div className="space-y-3" data-testid="masking-preview">
      {pages.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Nothing recorded yet: the preview needs a recorded page to apply the settings to.
        </p>
      ) : (
        // Not a form: the preview sits inside the settings form it previews.
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-72">
            <Select label="Page" value={path} onChange={(e) => setPath(e.target.value)}>
              {pages.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
          </div>
          <Button
            variant="secondary"
            disabled={loading}
            onClick={async () => {
              setLoading(true);
              setError(null);
              setHtml(null);
              try {
                const r = await api<{ sample: Sample }>(
                  `/api/v1/workspaces/${workspace}/settings/privacy/preview?${new URLSearchParams({ path })}`,
                );
                setSample(r.sample);
              } catch (err) {
                setError(errorMessage(err));
              } finally {
                setLoading(false);
              }
            }}
          >
            {loading ? "Loading…" : "Preview"}
          </Button>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      {sample && (
        <div className="grid gap-4 lg:grid-cols-2">
          <figure className="space-y-1">
            <figcaption className="text-sm font-medium">As recorded</figcaption>
            <div
              ref={left}
              className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800"
            />
          </figure>
          <figure className="space-y-1">
            <figcaption className="text-sm font-medium">With these settings</figcaption>
            <div
              className="relative overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800"
              style={{ width: PANE_WIDTH, height: Math.round(height * scale) }}
            >
              {pageSkipped ? (
                <p className="p-6 text-sm" data-testid="preview-skipped">
                  This page would not be recorded: its URL matches a pattern under level 4.
                </p>
              ) : html ? (
                <iframe
                  title="Masking preview"
                  sandbox=""
                  srcDoc={html}
                  data-testid="preview-frame"
                  style={{ width, height, transform: `scale(${scale})`, transformOrigin: "0 0", border: 0 }}
                />
              ) : (
                <p className="p-6 text-sm text-zinc-500">Drawing…</p>
              )}
            </div>
          </figure>
          <p className="text-xs text-zinc-500 lg:col-span-2">
            From a recording of <code>{sample.href}</code>. Text already masked when it was recorded stays
            masked; the preview shows what recording with the new settings would hide as well.
          </p>
        </div>
      )}
    </div>
  );
}
