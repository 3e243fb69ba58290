import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { corpusBodies, ingestInProcess, loadCorpus } from "./corpus";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "600" },
    concurrency: { type: "string", default: "16" },
    rounds: { type: "string", default: "3" },
  },
});
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const hostPort = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const dataDir = mkdtempSync(join(tmpdir(), "rewind-handoff-bench-"));
process.env.DATA_DIR = dataDir;
process.env.RETENTION_SCHEDULER = "off";
process.env.REWIND_OUTBOUND_ALLOW_HOSTS = hostPort;
const { ingestBatch } = await import("@/lib/ingest/ingest");
const { createUser } = await import("@/lib/data/users");
const { createWorkspace } = await import("@/lib/data/workspaces");
const { getProjectKey } = await import("@/lib/data/keys");
const { saveIntegration, saveNotificationRules, addWebhook } = await import("@/lib/data/integrations");
const { savePlaylist } = await import("@/lib/data/playlists");
const { runDueDeliveries } = await import("@/lib/integrations/dispatch");
const { CHECK_DELAY_MS } = await import("@/lib/integrations/notify");

const corpus = loadCorpus();
const bodies = (n: number) => corpusBodies(corpus, n).map((b) => b.body);

const user = await createUser({ email: "handoff@bench.test", name: "" });
const plain = await createWorkspace(user.id, "Without integrations");
const notifying = await createWorkspace(user.id, "With notifications");
await saveIntegration(notifying.id, "slack", { webhookUrl: `http://${hostPort}/slack` }, user.id);
await addWebhook(notifying.id, { url: `http://${hostPort}/hook`, name: "bench" });
const playlist = await savePlaylist(
  notifying.id,
  { name: "Everything", description: "", query: "duration:>=0", sort: "recent" },
  { userId: user.id },
);
await saveNotificationRules(notifying.id, { playlistIds: [playlist.id], errorClicks: true, mentions: true });
const keys = {
  plain: (await getProjectKey(plain.id)).current,
  notifying: (await getProjectKey(notifying.id)).current,
};

const run = (key: string, list: Buffer[]) => ingestInProcess(ingestBatch, key, list, CONCURRENCY);

await run(keys.plain, bodies(60));
await run(keys.notifying, bodies(60));
const rates = { plain: [] as number[], notifying: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so warm-up and background load fall on both alike.
  const order = r % 2 === 0 ? (["plain", "notifying"] as const) : (["notifying", "plain"] as const);
  for (const which of order) rates[which].push(BATCHES / (await run(keys[which], bodies(BATCHES))));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
const store = process.env.REDIS_URL ? "redis" : "embedded";
printTable(
  [
    `ingest, in-process (${store})`,
    `batches/s (median of ${ROUNDS})`,
    "rounds (min–max)",
    "ratio to without",
  ],
  [
    ["without integrations (floor)", median(rates.plain).toFixed(0), spread(rates.plain), "1.00"],
    [
      "with Slack + webhook notifications",
      median(rates.notifying).toFixed(0),
      spread(rates.notifying),
      (median(rates.notifying) / median(rates.plain)).toFixed(2),
    ],
  ],
);

const started = performance.now();
const result = await runDueDeliveries(Date.now() + CHECK_DELAY_MS + 1000, { budgetMs: 120_000 });
const ms = performance.now() - started;
console.log(
  `out of band: ${result.ran} queue entries (checks + deliveries) in ${(ms / 1000).toFixed(2)} s = ${(result.ran / (ms / 1000)).toFixed(0)}/s; ${received} requests reached the local receiver`,
);
receiver.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
