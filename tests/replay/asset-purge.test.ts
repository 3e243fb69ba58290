import { beforeAll, expect, test } from "vitest";
import { assetOf, purgeUnusedAssets, putAsset, touchAsset } from "@/lib/data/assets";
import { createUser } from "@/lib/data/users";
import { createWorkspace, deleteWorkspace, getWorkspace } from "@/lib/data/workspaces";
import { DAY_MS, purgeExpired } from "@/lib/retention/purge";
import { blob } from "@/lib/storage/blob";
import { dumpKeys } from "../helpers/kv-dump";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Assets live as long as replays use them: the retention purge drops the entries no replay used
 * for as long as the workspace keeps recordings, then the files no entry points at; deleting the
 * workspace deletes all of them. Checked on a dump of the store (keys and blobs).
 */

const NOW = Date.now();
const css = (t: string) => ({
  bytes: Buffer.from(t),
  contentType: "text/css; charset=utf-8",
  kind: "css" as const,
});
const font = { bytes: Buffer.from([1, 2, 3]), contentType: "font/woff2", kind: "font" as const };

let owner: string;
beforeAll(async () => {
  useTempDataDir();
  owner = (await createUser({ email: `asset-purge-${NOW}@test.dev`, name: "" })).id;
});

const files = async (ws: string) =>
  (await (await blob()).list(`assets/${ws}/`)).map((b) => b.key.slice(b.key.lastIndexOf("/") + 1)).sort();

test("the retention purge drops assets no replay used for the workspace's retention, then their files", async () => {
  const ws = (await createWorkspace(owner, "Purge Assets")).id;
  const retention = (await getWorkspace(ws))!.retentionDays;
  const used = await putAsset(ws, "https://cdn.example/used.css", css(".used{}"));
  // The same bytes under a second address: one file, kept while either entry is.
  const copy = await putAsset(ws, "https://cdn.example/copy.css", css(".used{}"));
  const unused = await putAsset(ws, "https://cdn.example/f.woff2", font);
  expect(copy.hash).toBe(used.hash);
  expect(await files(ws)).toEqual([used.hash, unused.hash].sort());

  // A replay uses used.css a little before the retention ends; nothing uses the others.
  const later = NOW + (retention - 1) * DAY_MS;
  await touchAsset(ws, "https://cdn.example/used.css", used, later);
  // A use within a day of the last one writes nothing.
  const touched = (await assetOf(ws, "https://cdn.example/used.css"))!;
  await touchAsset(ws, "https://cdn.example/used.css", touched as typeof used, later + 3600_000);
  expect(await assetOf(ws, "https://cdn.example/used.css")).toEqual(touched);

  const result = await purgeExpired({
    now: NOW + (retention + 2) * DAY_MS,
    workspaceIds: [ws],
    log: () => {},
  });
  expect(result.complete).toBe(true);
  const dump = await dumpKeys(`{w:${ws}}:assets`);
  expect(dump).toContain("https://cdn.example/used.css");
  expect(dump).not.toContain("copy.css");
  expect(dump).not.toContain("f.woff2");
  expect(await files(ws)).toEqual([used.hash]);

  // Unused in turn: the entry and the file go, and a purge with nothing to do changes nothing.
  expect(await purgeUnusedAssets(ws, later + 1)).toEqual({ entries: 1, blobs: 1 });
  expect(await dumpKeys(`{w:${ws}}:assets`)).toBe("");
  expect(await files(ws)).toEqual([]);
  expect(await purgeUnusedAssets(ws, later + 1)).toEqual({ entries: 0, blobs: 0 });
});

test("deleting a workspace deletes its assets and leaves another workspace's alone", async () => {
  const gone = (await createWorkspace(owner, "Gone Assets")).id;
  const stays = (await createWorkspace(owner, "Staying Assets")).id;
  await putAsset(gone, "https://cdn.example/a.css", css(".a{}"));
  await putAsset(gone, "https://cdn.example/f.woff2", font);
  const kept = await putAsset(stays, "https://cdn.example/a.css", css(".a{}"));
  await deleteWorkspace(gone);
  expect(await files(gone)).toEqual([]);
  expect(await dumpKeys(`{w:${gone}}:`)).toBe("");
  expect(await files(stays)).toEqual([kept.hash]);
  expect(await assetOf(stays, "https://cdn.example/a.css")).toMatchObject({ hash: kept.hash });
});
