import type { Page } from "playwright-core";

/** Records every long task's duration (ms) and start the page will have, from its first script on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[]; __longAt: number[] };
    w.__long = [];
    w.__longAt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__long.push(e.duration);
        w.__longAt.push(e.startTime);
      }
    }).observe({ type: "longtask", buffered: true });
  });
}

/** The long tasks' durations (ms) recorded so far, oldest first. */
export const longTasksOf = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { __long: number[] }).__long);

/**
 * The longest task that started once the HTML was parsed (domInteractive; 0 if none). On page (b)
 * the parse of 50k nodes is the page's own longest task in every arm, hiding what a recorder does
 * after it (its snapshot); what is left still holds the page's first style and layout (see the
 * no-SDK arm's figure).
 */
export const longestAfterParse = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __longAt: number[] };
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const parsed = nav?.domInteractive ?? 0;
    return Math.max(0, ...w.__long.filter((_, i) => (w.__longAt[i] ?? 0) >= parsed));
  });

/** The long tasks recorded so far with their starts (the page's performance.now()), oldest first. */
export const longTaskEntries = (page: Page): Promise<{ start: number; ms: number }[]> =>
  page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __longAt: number[] };
    return w.__long.map((ms, i) => ({ start: w.__longAt[i] ?? 0, ms }));
  });

/** Total blocking time of some long tasks: what each spent past 50 ms. */
export const blockingTime = (durations: number[]): number =>
  durations.reduce((n, d) => n + Math.max(0, d - 50), 0);
