import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { GET as shareAsset } from "@/app/api/share/[token]/recordings/[sessionId]/assets/route";
import { getProjectKey } from "@/lib/data/keys";
import { chunkManifest } from "@/lib/data/sessions";
import { saveSharingPolicy } from "@/lib/data/settings";
import { createShare } from "@/lib/data/shares";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { batch, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * A share link's viewer gets the stylesheets and fonts the shared recording names through the
 * share's own asset route (the workspace's asset route needs a member): the cross-origin sheet the
 * recorder could not read, fonts its stored copy loads, fonts of the recording's inline CSS; and
 * nothing else — not an address the chunk does not name, not with another recording's token.
 */

let server: Server;
let cdn: string;
let ws: string;
let token: string;
let sessionId: string;
let chunkId: string;
let otherSession: string;
const hits: string[] = [];

/** A page whose full snapshot holds an unread cross-origin stylesheet and an inline @font-face. */
const snapshot = (at: number) => ({
  type: 2,
  timestamp: at,
  data: {
    initialOffset: { top: 0, left: 0 },
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: "html",
          attributes: {},
          childNodes: [
            {
              type: 2,
              id: 3,
              tagName: "head",
              attributes: {},
              childNodes: [
                {
                  type: 2,
                  id: 4,
                  tagName: "link",
                  attributes: { rel: "stylesheet", href: `${cdn}/theme.css` },
                },
                {
                  type: 2,
                  id: 5,
                  tagName: "style",
                  attributes: { _cssText: `@font-face { font-family: I; src: url("${cdn}/inline.woff2") }` },
                  childNodes: [],
                },
              ],
            },
          ],
        },
      ],
    },
  },
});

beforeAll(async () => {
  useTempDataDir();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.push(path);
    if (path === "/theme.css")
      return res
        .writeHead(200, { "content-type": "text/css" })
        .end(`@font-face { font-family: T; src: url(fonts/t.woff2) } .cdn { color: rgb(180, 40, 160) }`);
    if (path === "/other.css") return res.writeHead(200, { "content-type": "text/css" }).end(".other {}");
    if (path.endsWith(".woff2"))
      return res.writeHead(200, { "content-type": "font/woff2" }).end(Buffer.from([7]));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cdn = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = new URL(cdn).host;
  resetEnvCache();
  const owner = await createUser({ email: `share-assets-${randomUUID()}@test.dev`, name: "" });
  ws = (await createWorkspace(owner.id, "Share Assets")).id;
  await saveSharingPolicy(ws, { enabled: true, allowNever: false });
  const key = (await getProjectKey(ws)).current;
  sessionId = randomUUID();
  await ingestBatch(
    key,
    batch([meta(T0), snapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/")], { sessionId }),
  );
  otherSession = randomUUID();
  await ingestBatch(key, batch([meta(T0), snapshot(T0 + 1)], { sessionId: otherSession }));
  chunkId = (await chunkManifest(ws, sessionId))[0]!.id;
  ({ token } = await createShare(
    ws,
    { kind: "recording", targetId: sessionId, atMs: null, expiry: "1d", showPerson: false },
    owner.id,
  ));
});
afterAll(async () => {
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = "";
  resetEnvCache();
  await new Promise((r) => server.close(r));
});

const get = async (query: Record<string, string>, opts: { token?: string; session?: string } = {}) => {
  const t = opts.token ?? token;
  const sid = opts.session ?? sessionId;
  const res = await shareAsset(
    new Request(`http://rewind.test/api/share/${t}/recordings/${sid}/assets?${new URLSearchParams(query)}`),
    { params: Promise.resolve({ token: t, sessionId: sid }) },
  );
  return res;
};

test("the shared recording's unread stylesheet, fetched by the server and served through the token", async () => {
  const res = await get({ chunk: chunkId, url: `${cdn}/theme.css` });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
  expect(await res.text()).toContain(".cdn { color: rgb(180, 40, 160) }");
});

test("fonts the stored stylesheet loads and fonts of the recording's own CSS", async () => {
  const fromSheet = await get({ chunk: chunkId, url: `${cdn}/fonts/t.woff2` });
  expect(fromSheet.status).toBe(200);
  expect(fromSheet.headers.get("content-type")).toBe("font/woff2");
  expect((await get({ chunk: chunkId, url: `${cdn}/inline.woff2` })).status).toBe(200);
});

test("nothing the chunk does not name, and nothing for another recording", async () => {
  const before = hits.length;
  const other = await get({ chunk: chunkId, url: `${cdn}/other.css` });
  expect(other.status).toBe(404);
  expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(/does not use/);
  const otherChunk = (await chunkManifest(ws, otherSession))[0]!.id;
  expect((await get({ chunk: otherChunk, url: `${cdn}/theme.css` }, { session: otherSession })).status).toBe(
    404,
  );
  expect((await get({ chunk: chunkId, url: `${cdn}/theme.css` }, { token: "shr_nope" })).status).toBe(404);
  expect((await get({ chunk: otherChunk, url: `${cdn}/theme.css` })).status).toBe(404);
  expect(hits.length).toBe(before);
});

test("a request without the chunk or the address is refused with a reason", async () => {
  const noChunk = await get({ url: `${cdn}/theme.css` });
  expect(noChunk.status).toBe(400);
  expect(((await noChunk.json()) as { error: { message: string } }).error.message).toMatch(/\?chunk=/);
  expect((await get({ chunk: chunkId })).status).toBe(400);
  expect((await get({ chunk: "../../x", url: `${cdn}/theme.css` })).status).toBe(400);
});
