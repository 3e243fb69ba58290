import type { StylesheetFate } from "@/lib/replay/health";
import { prepareCss, routeFontUrls, stateSelectors, unreadStylesheets } from "@/lib/replay/stylesheets";

type Event = { type: number; data: Record<string, unknown> };

/** How long a chunk waits for the server's copy of its stylesheets before it replays without. */
const FETCH_WAIT_MS = 8_000;

/**
 * The player's side of the asset store: stylesheets the recorder could not read come from the
 * workspace's asset route (the server fetches each once and keeps it by content hash), fonts load
 * through it, and what became of each stylesheet is kept for the health line. A share link's
 * viewer has the share's own asset route, which serves only what the chunk it names holds
 * (`?chunk=`); any other base has none: the CSS is only adapted, unread stylesheets stay as they were.
 */
export function stylesheetAssets(base: string) {
  const workspace = /^(\/api\/v1\/workspaces\/[^/]+)\/recordings\/[^/]+$/.exec(base);
  const shared = /^\/api\/share\/[^/]+\/recordings\/[^/]+$/.test(base);
  const route = workspace ? `${workspace[1]}/assets` : shared ? `${base}/assets` : null;
  const css = new Map<string, Promise<string | undefined>>();
  const fates = new Map<string, StylesheetFate>();
  const assetPath = (url: string, chunkId: string) =>
    `${route}?${shared ? `chunk=${encodeURIComponent(chunkId)}&` : ""}url=${encodeURIComponent(url)}`;

  const fetchCss = (href: string, chunkId: string): Promise<string | undefined> => {
    let pending = css.get(href);
    if (!pending) {
      pending = fetch(assetPath(href, chunkId))
        .then(async (res) => {
          if (res.ok) {
            fates.set(href, { href, recovered: true });
            return res.text();
          }
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          fates.set(href, { href, recovered: false, error: body?.error?.message ?? `HTTP ${res.status}` });
          return undefined;
        })
        .catch((e: unknown) => {
          fates.set(href, { href, recovered: false, error: e instanceof Error ? e.message : String(e) });
          return undefined;
        });
      css.set(href, pending);
    }
    return pending;
  };

  return {
    /** Rewrites a chunk's CSS in place before the replayer sees it. */
    async prepare(events: Event[], chunkId: string): Promise<void> {
      const texts = new Map<string, string>();
      if (route) {
        const hrefs = unreadStylesheets(events);
        const wait = new Promise<void>((r) => setTimeout(r, FETCH_WAIT_MS));
        await Promise.race([
          Promise.all(
            hrefs.map(async (h) => {
              const text = await fetchCss(h, chunkId);
              if (text !== undefined) texts.set(h, text);
            }),
          ),
          wait,
        ]);
      }
      const assetUrl = (url: string) => `${window.location.origin}${assetPath(url, chunkId)}`;
      const adapt = route ? (c: string) => stateSelectors(routeFontUrls(c, assetUrl)) : stateSelectors;
      prepareCss(events, (h) => texts.get(h), adapt);
    },
    fate: (href: string): StylesheetFate => fates.get(href) ?? { href, recovered: false },
  };
}
