// npm run seed -- --workspace <slug> [--sessions 10000] [--days 30]
// Writes realistic sessions (persons, pages, events, errors, signals, devices, countries, durations)
// into a workspace on whatever store the environment selects, for looking at the list and for benches.
import { parseArgs } from "node:util";
import { findWorkspace } from "../lib/data/workspaces";
import { generateSessions, writeSession } from "../lib/seed";

const { values } = parseArgs({
  options: {
    workspace: { type: "string" },
    sessions: { type: "string", default: "10000" },
    days: { type: "string", default: "30" },
  },
});
if (!values.workspace) {
  console.error("usage: npm run seed -- --workspace <slug> [--sessions 10000] [--days 30]");
  process.exit(2);
}
const workspace = await findWorkspace(values.workspace);
if (!workspace) {
  console.error(
    `No workspace "${values.workspace}". Sign up first, then use the address after the first slash.`,
  );
  process.exit(1);
}
const n = Number(values.sessions);
const sessions = generateSessions(n, { seed: Date.now() % 100_000, spanDays: Number(values.days) });
const started = Date.now();
for (let i = 0; i < sessions.length; i += 100) {
  await Promise.all(sessions.slice(i, i + 100).map((s) => writeSession(workspace.id, s)));
  if ((i / 100) % 20 === 0) process.stdout.write(`\r${Math.min(n, i + 100)} / ${n}`);
}
console.log(
  `\rseeded ${n} sessions into ${workspace.slug} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(0);
