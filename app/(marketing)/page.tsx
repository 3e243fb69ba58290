import { ButtonLink } from "@/components/ui/button-link";
import { Logo } from "@/components/ui/logo";

const pillars = [
  {
    title: "Find",
    text: "Filter thousands of recordings by person, page, event, error, device or country — or type a search like has:errors page:/checkout.",
  },
  {
    title: "Watch",
    text: "Replay what people saw with a timeline of pages, clicks, errors, console and network, and the rage and dead clicks that show frustration.",
  },
  {
    title: "Connect",
    text: "Open a person to see their recordings first, and jump from a funnel's drop-off straight to the moment they gave up.",
  },
  {
    title: "Govern",
    text: "Inputs are masked in the browser before anything is sent. Roles, sampling, retention and expiring share links are yours to set.",
  },
];

export default function LandingPage() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-6xl items-center justify-between px-6 py-5">
        <Logo className="text-lg" />
        <nav className="flex items-center gap-2" aria-label="Account">
          <ButtonLink href="/login" variant="ghost">
            Log in
          </ButtonLink>
          <ButtonLink href="/signup">Sign up</ButtonLink>
        </nav>
      </header>

      <main className="mx-auto flex w-full max-w-6xl flex-1 flex-col justify-center gap-14 px-6 pb-16 pt-6 lg:flex-row lg:items-center">
        <section className="max-w-xl">
          <p className="mb-4 inline-flex rounded-full bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700 ring-1 ring-brand-100 dark:bg-brand-500/10 dark:text-brand-100 dark:ring-brand-500/30">
            Open source · self-hostable · private by default
          </p>
          <h1 className="text-4xl font-bold tracking-tight text-balance sm:text-5xl">
            See what your users saw, without seeing their secrets.
          </h1>
          <p className="mt-5 text-lg text-zinc-600 dark:text-zinc-400">
            Rewind records each visit to your site and lets support, product and engineering find the sessions
            that matter and watch them. Run it on one box with nothing but a folder, or on Redis and blob
            storage at scale.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <ButtonLink href="/signup">Create a workspace</ButtonLink>
            <ButtonLink href="/demo" variant="secondary">
              Try the demo page
            </ButtonLink>
          </div>
        </section>

        <section aria-label="What Rewind does" className="grid flex-1 gap-4 sm:grid-cols-2">
          {pillars.map((p) => (
            <article
              key={p.title}
              className="rounded-2xl border border-zinc-200 bg-zinc-50/60 p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
            >
              <h2 className="text-base font-semibold">{p.title}</h2>
              <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">{p.text}</p>
            </article>
          ))}
        </section>
      </main>

      <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500 dark:border-zinc-800">
        Rewind is MIT licensed. Your recordings stay in the stores you choose.
      </footer>
    </div>
  );
}
