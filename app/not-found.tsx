import { ButtonLink } from "@/components/ui/button-link";
import { Logo } from "@/components/ui/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-6 text-center">
      <Logo className="text-lg" />
      <div>
        <h1 className="text-2xl font-semibold">This page does not exist</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          The link may be mistyped, or what it pointed to was removed.
        </p>
      </div>
      <ButtonLink href="/" variant="secondary">
        Back to the start
      </ButtonLink>
    </main>
  );
}
