export function NoAccess({ role, needs }: { role: string; needs: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 p-6 text-sm dark:border-zinc-800">
      <h1 className="text-lg font-semibold">Not available to your role</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        You are a {role} here; this page is for {needs}. Ask an admin of the workspace if you need it.
      </p>
    </div>
  );
}
