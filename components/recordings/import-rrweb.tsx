"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

type State = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "error"; message: string };

/**
 * Uploads an rrweb events file (.json or .json.gz) to the import route. XMLHttpRequest, not
 * fetch, because only it reports upload progress, which a big file needs.
 */
export function ImportRrweb({ workspace }: { workspace: string }) {
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });

  function upload(file: File) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/workspaces/${workspace}/recordings/import`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setState({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.onload = () => {
      let body: { sessionId?: string; error?: { message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // an answer that is not JSON is reported by its status below
      }
      if (xhr.status === 201 && body.sessionId) {
        setState({ kind: "idle" });
        router.push(`/${workspace}/recordings/${body.sessionId}`);
      } else {
        setState({ kind: "error", message: body.error?.message ?? `Import failed (${xhr.status}).` });
      }
    };
    xhr.onerror = () => setState({ kind: "error", message: "The upload did not reach the server." });
    setState({ kind: "uploading", percent: 0 });
    xhr.send(file);
  }

  return (
    <div className="flex items-center gap-2 text-sm">
      <input
        ref={input}
        type="file"
        accept=".json,.gz,application/json,application/gzip"
        className="hidden"
        data-testid="import-rrweb-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload(file);
          e.target.value = "";
        }}
      />
      <button
        type="button"
        className="rounded border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 disabled:opacity-50"
        disabled={state.kind === "uploading"}
        onClick={() => input.current?.click()}
      >
        Import rrweb JSON
      </button>
      {state.kind === "uploading" && (
        <progress max={100} value={state.percent} aria-label="Import progress" className="w-32" />
      )}
      {state.kind === "error" && (
        <span role="alert" className="text-red-600">
          {state.message}
        </span>
      )}
    </div>
  );
}
