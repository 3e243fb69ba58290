import type { Page } from "playwright-core";

/** Records every long task's duration (ms) the page will have, from its first script on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
}

/** The long tasks' durations (ms) recorded so far, oldest first. */
export const longTasksOf = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { __long: number[] }).__long);
