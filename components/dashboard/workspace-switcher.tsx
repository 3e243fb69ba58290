"use client";

import { useRouter } from "next/navigation";

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: string;
  workspaces: { slug: string; name: string }[];
}) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Workspace</span>
      <select
        value={current}
        onChange={(e) =>
          router.push(e.target.value === "__new" ? "/workspaces?choose=1" : `/${e.target.value}/recordings`)
        }
        className="max-w-48 truncate rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-medium dark:border-zinc-700 dark:bg-zinc-900"
      >
        {workspaces.map((w) => (
          <option key={w.slug} value={w.slug}>
            {w.name}
          </option>
        ))}
        <option value="__new">＋ New workspace…</option>
      </select>
    </label>
  );
}
