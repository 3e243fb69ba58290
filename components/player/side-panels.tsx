"use client";

import { useState } from "react";
import type { Comment } from "@/lib/data/comments";
import type { buildTimeline } from "@/lib/replay/timeline";
import { clock } from "./clock";
import { CommentsPanel } from "./comments-panel";
import { ConsolePanel } from "./console-panel";
import { DomInspector } from "./dom-inspector";
import { NetworkPanel } from "./network-panel";
import { SessionPanel } from "./session-panel";
import { TimelinePanel } from "./timeline-panel";

const TABS = ["timeline", "console", "network", "comments", "session", "inspect"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  timeline: "Timeline",
  console: "Console",
  network: "Network",
  comments: "Comments",
  session: "Session",
  inspect: "Inspect DOM",
};

/** The tabs beside the replay: timeline, console, network, comments, session facts, DOM inspector. */
export function SidePanels(props: {
  timeline: ReturnType<typeof buildTimeline>;
  origin: number;
  currentMs: number;
  onSeek: (ms: number) => void;
  /** Pauses and hands over the replayed document and the moment, for the inspector. */
  inspect: () => { doc: Document | null; at: number };
  comments: Comment[];
  onComments: (comments: Comment[]) => void;
  tags: string[];
  onTags: (tags: string[]) => void;
  workspace: string;
  base: string;
  sessionId: string;
  facts: { label: string; value: string; href?: string }[];
  backHref: string;
  viewer: { userId: string; canComment: boolean; canModerate: boolean; canTag: boolean; canDelete: boolean };
  shared?: boolean;
}) {
  const { timeline, origin, currentMs, onSeek, comments } = props;
  const tabs = props.shared ? TABS.filter((t) => t !== "comments") : TABS;
  const [tab, setTab] = useState<Tab>("timeline");
  const [inspectDoc, setInspectDoc] = useState<{ doc: Document | null; at: number } | null>(null);
  const openTab = (t: Tab) => {
    setTab(t);
    if (t === "inspect") setInspectDoc(props.inspect());
  };

  return (
    <aside className="flex h-[36rem] min-w-0 flex-col rounded-xl border border-zinc-200 dark:border-zinc-800 xl:h-[calc(100vh-10rem)]">
      <div
        role="tablist"
        aria-label="Recording panels"
        className="flex flex-wrap gap-1 border-b border-zinc-200 p-2 dark:border-zinc-800"
      >
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => openTab(t)}
            className="rounded-md px-2 py-1 text-sm aria-selected:bg-zinc-900 aria-selected:text-white dark:aria-selected:bg-zinc-100 dark:aria-selected:text-zinc-900"
            data-tab={t}
          >
            {TAB_LABELS[t]}
            {t === "console" && timeline.console.length > 0 && ` ${timeline.console.length}`}
            {t === "network" && timeline.network.length > 0 && ` ${timeline.network.length}`}
            {t === "comments" && comments.length > 0 && ` ${comments.length}`}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="min-h-0 flex-1 p-3" data-panel={tab}>
        {tab === "timeline" && (
          <TimelinePanel items={timeline.items} origin={origin} currentMs={currentMs} onSeek={onSeek} />
        )}
        {tab === "console" && (
          <ConsolePanel lines={timeline.console} origin={origin} currentMs={currentMs} onSeek={onSeek} />
        )}
        {tab === "network" && (
          <NetworkPanel
            entries={timeline.network}
            workspace={props.shared ? undefined : props.workspace}
            origin={origin}
            currentMs={currentMs}
            onSeek={onSeek}
          />
        )}
        {tab === "comments" && (
          <CommentsPanel
            base={props.base}
            comments={comments}
            onChange={props.onComments}
            currentMs={currentMs}
            onSeek={onSeek}
            viewer={props.viewer}
          />
        )}
        {tab === "session" && (
          <SessionPanel
            workspace={props.workspace}
            base={props.base}
            sessionId={props.sessionId}
            facts={props.facts}
            pages={timeline.pages}
            origin={origin}
            onSeek={onSeek}
            tags={props.shared ? [] : props.tags}
            onTags={props.onTags}
            canTag={props.viewer.canTag}
            canDelete={props.viewer.canDelete}
            backHref={props.backHref}
          />
        )}
        {tab === "inspect" && (
          <div className="flex h-full flex-col gap-2">
            <button
              type="button"
              onClick={() => setInspectDoc(props.inspect())}
              className="self-start rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700"
            >
              Pause and inspect at {clock(currentMs)}
            </button>
            <div className="min-h-0 flex-1">
              <DomInspector
                key={inspectDoc?.at}
                doc={inspectDoc?.doc ?? null}
                moment={clock(inspectDoc?.at ?? 0)}
              />
            </div>
          </div>
        )}
      </div>
    </aside>
  );
}
