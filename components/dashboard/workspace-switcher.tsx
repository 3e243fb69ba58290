"use client";

import { useRouter } from "next/navigation";
import { controlClass } from "@/components/ui/control";

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
        className={controlClass("sm", "max-w-48 truncate font-medium")}
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
