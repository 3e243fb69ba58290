"use client";

import { createContext, useContext, useState } from "react";

/** "Expand all" opens every node below, for searching the whole page. */
const ExpandAll = createContext(false);

const MAX_CHILDREN = 200;

/**
 * The replayed page's DOM at the paused moment: the replay iframe's document, which holds exactly
 * what was recorded (masked text and values stay masked). Children render when a node is opened.
 */
export function DomInspector({ doc, moment }: { doc: Document | null; moment: string }) {
  const [expandAll, setExpandAll] = useState(false);
  if (!doc?.documentElement) {
    return <p className="text-sm text-zinc-500">The page has not been drawn yet.</p>;
  }
  return (
    <div className="flex h-full flex-col gap-2">
      <p className="text-xs text-zinc-500">
        The page as replayed at {moment}. Text and values appear as they were recorded: masked ones stay
        masked.
      </p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={expandAll} onChange={(e) => setExpandAll(e.target.checked)} />
        Expand all
      </label>
      <div className="min-h-0 flex-1 overflow-auto font-mono text-xs" data-testid="dom-tree">
        <ExpandAll.Provider value={expandAll}>
          <DomNode key={String(expandAll)} node={doc.documentElement} depth={0} />
        </ExpandAll.Provider>
      </div>
    </div>
  );
}

function attributesOf(el: Element): [string, string][] {
  const attrs: [string, string][] = [...el.attributes]
    .filter((a) => !a.name.startsWith("rr_") && a.name !== "data-rrweb-id")
    .map((a) => [a.name, a.value]);
  // The replayer sets form values as properties, not attributes: show what the person saw.
  if (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT") {
    const value = (el as HTMLInputElement).value;
    if (!attrs.some(([k]) => k === "value")) attrs.push(["value", value]);
  }
  return attrs;
}

function DomNode({ node, depth }: { node: Node; depth: number }) {
  const [open, setOpen] = useState(useContext(ExpandAll) || depth < 2);
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.textContent?.trim();
    return text ? (
      <div className="whitespace-pre-wrap break-all pl-4 text-zinc-700 dark:text-zinc-300">
        &quot;{text.slice(0, 300)}&quot;
      </div>
    ) : null;
  }
  if (node.nodeType === Node.COMMENT_NODE || node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = [...el.childNodes].filter(
    (c) => c.nodeType === Node.ELEMENT_NODE || (c.nodeType === Node.TEXT_NODE && c.textContent?.trim()),
  );
  const opening = (
    <>
      <span className="text-sky-700 dark:text-sky-400">&lt;{tag}</span>
      {attributesOf(el).map(([k, v]) => (
        <span key={k} data-attr={k}>
          {" "}
          <span className="text-violet-700 dark:text-violet-400">{k}</span>=
          <span className="text-amber-800 dark:text-amber-300">&quot;{v.slice(0, 120)}&quot;</span>
        </span>
      ))}
      <span className="text-sky-700 dark:text-sky-400">&gt;</span>
    </>
  );
  if (children.length === 0 || tag === "style" || tag === "script") {
    return (
      <div className="pl-4" data-tag={tag}>
        {opening}
      </div>
    );
  }
  return (
    <div className="pl-4" data-tag={tag}>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="-ml-4 text-left">
        <span className="inline-block w-4 text-zinc-400">{open ? "▾" : "▸"}</span>
        {opening}
      </button>
      {open && (
        <div>
          {children.slice(0, MAX_CHILDREN).map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a paused page's children never reorder while shown
            <DomNode key={i} node={c} depth={depth + 1} />
          ))}
          {children.length > MAX_CHILDREN && (
            <div className="pl-4 text-zinc-500">… {children.length - MAX_CHILDREN} more</div>
          )}
        </div>
      )}
    </div>
  );
}
