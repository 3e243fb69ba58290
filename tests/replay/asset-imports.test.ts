import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { inlineImports, wrapImported } from "@/lib/assets/imports";
import { replayAsset } from "@/lib/assets/store";
import { assetOf } from "@/lib/data/assets";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * @imports inside a stylesheet the server fetched: each imported sheet is fetched through the same
 * guard, kept under its own address, and inlined in its parent within its conditions, three levels
 * deep at most; a cycle, a failed import or a deeper one stays an @import.
 */

let server: Server;
let origin: string;
let ws: string;
const hits: string[] = [];
const sheets: Record<string, string> = {
  "/root.css": `@charset "utf-8"; @import "one.css" screen; .root { color: red }`,
  "/one.css": `@import url(sub/two.css) layer(base); .one { color: green }`,
  "/sub/two.css": `@import url('three.css') supports(display: grid); .two { background: url(bg.png) }`,
  "/sub/three.css": `@import "four.css"; .three { color: blue }`,
  "/sub/four.css": `.four { color: black }`,
  "/loop-a.css": `@import "loop-b.css"; .a {}`,
  "/loop-b.css": `@import "loop-a.css"; .b {}`,
  "/half.css": `@import "gone.css"; @import "one-more.css"; .half {}`,
  "/one-more.css": `.more {}`,
  "/many.css": `${Array.from({ length: 25 }, (_, i) => `@import "many/${i + 1}.css";`).join(" ")} .many {}`,
};

beforeAll(async () => {
  useTempDataDir();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.push(path);
    const many = /^\/many\/(\d+)\.css$/.exec(path);
    const css = many ? `.n${many[1]} {}` : sheets[path];
    if (css === undefined) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/css" }).end(css);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = `127.0.0.1:${port}`;
  resetEnvCache();
  const user = await createUser({ email: `imports-${Date.now()}@test.dev`, name: "" });
  ws = (await createWorkspace(user.id, "Imports Co")).id;
});
afterAll(async () => {
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = "";
  resetEnvCache();
  await new Promise((r) => server.close(r));
});

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

test("a chain of @imports is fetched three levels deep, inlined within its conditions, each kept", async () => {
  const root = text((await replayAsset(ws, `${origin}/root.css`)).bytes);
  expect(root).not.toContain("@charset");
  // one.css (screen) holds two.css (layer base), which holds three.css (supports grid) …
  expect(root).toMatch(/@media screen \{\s*@layer base \{\s*@supports \(display: grid\) \{\s*/);
  expect(root).toContain(".three { color: blue }");
  // … whose own @import is a fourth level: left as an absolute @import.
  expect(root).toContain(`@import url("${origin}/sub/four.css");`);
  expect(hits).not.toContain("/sub/four.css");
  // url()s resolve against the imported sheet's own address.
  expect(root).toContain(`url("${origin}/sub/bg.png")`);
  // The parent's rules come after what it imported, as the cascade had them.
  expect(root.indexOf(".three")).toBeLessThan(root.indexOf(".two"));
  expect(root.indexOf(".one")).toBeLessThan(root.indexOf(".root"));
  for (const path of ["/one.css", "/sub/two.css", "/sub/three.css"])
    expect(await assetOf(ws, `${origin}${path}`)).toMatchObject({ kind: "css" });
  // Fetched once each: a second replay reads the store.
  const before = hits.length;
  await replayAsset(ws, `${origin}/root.css`);
  await replayAsset(ws, `${origin}/one.css`);
  expect(hits.length).toBe(before);
});

test("a cycle stops at the sheet that started it", async () => {
  const a = text((await replayAsset(ws, `${origin}/loop-a.css`)).bytes);
  expect(a).toContain(".b {}");
  expect(a).toContain(".a {}");
  expect(a).toContain(`@import url("${origin}/loop-a.css");`);
  expect(hits.filter((h) => h === "/loop-a.css")).toHaveLength(1);
});

test("an import that fails stays an @import, before the rules, and the rest is inlined", async () => {
  const half = text((await replayAsset(ws, `${origin}/half.css`)).bytes);
  expect(half.startsWith(`@import url("${origin}/gone.css");`)).toBe(true);
  expect(half).toContain(".more {}");
  expect(await assetOf(ws, `${origin}/gone.css`)).toMatchObject({ error: expect.stringContaining("404") });
});

test("a sheet loads 20 imported sheets at most; the rest stay @imports", async () => {
  const many = text((await replayAsset(ws, `${origin}/many.css`)).bytes);
  for (let i = 1; i <= 20; i++) expect(many).toContain(`.n${i} {}`);
  for (let i = 21; i <= 25; i++) {
    expect(many).toContain(`@import url("${origin}/many/${i}.css");`);
    expect(hits).not.toContain(`/many/${i}.css`);
  }
  // In the cascade's order: the imports first, in their order, then the sheet's own rules.
  expect(many.indexOf(".n1 {}")).toBeLessThan(many.indexOf(".n20 {}"));
  expect(many.indexOf(".n20 {}")).toBeLessThan(many.indexOf(".many {}"));
});

test("an import that would take the sheet past its cap stays an @import", async () => {
  const css = `@import url("https://x.example/big.css"); .a {}`;
  const out = await inlineImports(css, async () => ".b{}".repeat(100), 200);
  expect(out).toBe(css);
  expect(await inlineImports(css, async () => ".b {}", 200)).toBe(".b {} .a {}");
});

test("conditions become the rules that wrap the imported text", () => {
  expect(wrapImported(".x{}", "")).toBe(".x{}");
  expect(wrapImported(".x{}", "print")).toBe("@media print {\n.x{}\n}");
  expect(wrapImported(".x{}", "layer")).toBe("@layer {\n.x{}\n}");
  expect(wrapImported(".x{}", "layer(a.b) supports((display: grid) and (gap: 1px)) (min-width: 10px)")).toBe(
    "@layer a.b {\n@supports ((display: grid) and (gap: 1px)) {\n@media (min-width: 10px) {\n.x{}\n}\n}\n}",
  );
});
