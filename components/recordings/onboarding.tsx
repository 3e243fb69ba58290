import { CopyButton } from "@/components/settings/copy-button";

/** The empty recordings page: the snippet with this workspace's key, and a page to record yourself on. */
export function Onboarding({
  projectKey,
  origin,
  workspaceName,
}: {
  projectKey: string;
  origin: string;
  workspaceName: string;
}) {
  const snippet = `<script src="${origin}/sdk/loader.js" data-key="${projectKey}" async></script>`;
  return (
    <section
      className="rounded-xl border border-dashed border-zinc-300 p-8 dark:border-zinc-700"
      data-testid="onboarding"
    >
      <h2 className="text-lg font-semibold">No recordings yet</h2>
      <p className="mt-2 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Add this line to every page of your site, before <code>&lt;/head&gt;</code>. Inputs are masked in the
        browser before anything leaves it; recordings of {workspaceName} show up here within seconds.
      </p>
      <div className="mt-4 flex flex-wrap items-start gap-2">
        <pre
          className="min-w-0 flex-1 overflow-x-auto rounded-lg bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100"
          data-testid="snippet"
        >
          {snippet}
        </pre>
        <CopyButton value={snippet} label="Copy snippet" />
      </div>
      <div className="mt-6 flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        {/* A full page load, as on a customer's site, so the snippet runs as it would there. */}
        <a
          href={`/demo?key=${encodeURIComponent(projectKey)}`}
          className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
        >
          Record yourself on the demo shop
        </a>
        <span className="text-sm text-zinc-500">Click around, then come back here.</span>
      </div>
    </section>
  );
}
