// Usage: tsx scripts/screenshot.ts <url> <out.png> [width] [height]
import { launchChromium } from "../e2e/helpers/browser";

const [url, out, width = "1280", height = "800"] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: tsx scripts/screenshot.ts <url> <out.png> [width] [height]");
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
await page.goto(url, { waitUntil: "load" });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`saved ${out}`);
