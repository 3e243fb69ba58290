import { Logo } from "@/components/ui/logo";

/** What every share link that does not open answers (404): unknown, expired, revoked or turned off. */
export default function ShareGone() {
  return (
    <main className="mx-auto max-w-lg space-y-4 px-6 py-24 text-center" data-testid="share-gone">
      <Logo />
      <h1 className="text-2xl font-semibold">This link no longer works</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        It has expired or was revoked, or sharing was turned off for the workspace it came from. Ask whoever
        sent it for a new one.
      </p>
    </main>
  );
}
