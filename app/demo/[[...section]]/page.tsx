import type { Metadata } from "next";
import { headers } from "next/headers";
import { DemoShop } from "@/components/demo/demo-shop";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Demo shop" };
export const dynamic = "force-dynamic";

/**
 * A page to record yourself on: forms with secrets, buttons that fail, a slow one, a dead one, a
 * list that grows, and in-page navigation. `?key=pk_…` records it into that workspace.
 */
export default async function DemoPage({ searchParams }: { searchParams: Promise<{ key?: string }> }) {
  const { key } = await searchParams;
  // The page's CSP runs only scripts carrying its nonce; the loader's recorder inherits the trust.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const projectKey = key && /^pk_[A-Za-z0-9_-]{10,64}$/.test(key) ? key : null;
  return (
    <div className="min-h-dvh bg-zinc-50 dark:bg-zinc-950">
      {projectKey && <script src="/sdk/loader.js" data-key={projectKey} nonce={nonce} async />}
      <header className="border-b border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-4xl items-center justify-between">
          <Logo />
          <span
            className={`rounded-full px-2.5 py-1 text-xs font-medium ${projectKey ? "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"}`}
          >
            {projectKey ? "● Recording this visit" : "Not recording"}
          </span>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">
        {!projectKey && (
          <p className="mb-6 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
            This demo records only when opened from your workspace&apos;s Recordings page (it adds your
            project key to the address).
          </p>
        )}
        <DemoShop />
      </main>
    </div>
  );
}
