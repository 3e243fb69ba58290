// Records the ingest benchmark's corpus: real SDK batches from Chromium on the demo shop and the
// landing page, saved as sent (gzip) under bench/fixtures/corpus/. Usage: npx tsx bench/record-corpus.ts
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp } from "../e2e/helpers/app";
import { launchChromium } from "../e2e/helpers/browser";
import { signUp } from "../e2e/helpers/http";

const out = join(import.meta.dirname, "fixtures", "corpus");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const app = await startApp();
const browser = await launchChromium();
try {
  const { session, workspace } = await signUp(app.url, {
    email: "corpus@bench.test",
    workspaceName: "Corpus",
  });
  const { projectKey } = (await (
    await session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)
  ).json()) as { projectKey: { current: string } };
  let n = 0;
  for (let visit = 0; visit < 6; visit++) {
    const page = await browser.newPage({ viewport: { width: 1280 + visit * 40, height: 800 } });
    page.on("request", (r) => {
      const body = r.postDataBuffer();
      if (r.url().includes("/api/v1/ingest") && body?.length)
        writeFileSync(join(out, `${String(++n).padStart(3, "0")}.bin`), body);
    });
    await page.goto(`${app.url}/demo?key=${projectKey.current}`);
    await page.waitForFunction(() =>
      (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
    );
    for (let i = 0; i < 12; i++) {
      await page
        .getByRole("button", { name: "Add to cart" })
        .nth(i % 6)
        .click();
      await page.mouse.move(100 + i * 30, 200 + (i % 3) * 40, { steps: 8 });
      await page.mouse.wheel(0, 200);
    }
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.getByLabel("Full name").fill("Bench Person");
    await page.getByLabel("Delivery notes").fill("Some delivery notes typed for the benchmark corpus");
    await page.waitForTimeout(5500);
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByLabel("Username").fill("bench");
    await page.waitForTimeout(500);
    await page.goto("about:blank");
    await page.close();
  }
  console.log(`recorded ${n} batches into ${out}`);
} finally {
  await browser.close();
  await app.stop({ removeData: true });
}
