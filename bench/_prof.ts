import { readFileSync } from "node:fs";
process.env.DATA_DIR = "/tmp/bench-analytics-keep";
delete process.env.REDIS_URL;
const [ws, nowS] = readFileSync("/tmp/bench-analytics-keep/bench-analytics-embedded-3000.ws", "utf8").trim().split(" ");
const now = Number(nowS);
const { getSessions, sessionKeys } = await import("../lib/data/sessions");
const { kv } = await import("../lib/storage/kv");
const store = await kv();
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const ids = (await store.zrange(sessionKeys.started(ws!), { by: "score", min: now - 30 * 86400000, max: now, rev: true } as any)) as string[];
  const a = performance.now() - t; t = performance.now();
  await getSessions(ws!, ids);
  const b = performance.now() - t; t = performance.now();
  const p = store.pipeline();
  for (const sid of ids) p.hmget(sessionKeys.session(ws!, sid), ["distinctId", "pageCount", "errorCount", "device", "browser", "country", "lcpLoads"]).zscore(sessionKeys.ended(ws!), sid);
  await p.exec();
  const c = performance.now() - t;
  console.log(`ids ${ids.length} ${a.toFixed(0)} getSessions ${b.toFixed(0)} light ${c.toFixed(0)}`);
}
process.exit(0);
