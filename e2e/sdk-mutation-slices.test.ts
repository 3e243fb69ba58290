import { describe, expect, test } from "vitest";
import { hasChromium } from "./helpers/browser";
import {
  expectSameBody,
  fullSnapshotSent,
  liveBody,
  type RecordedEvent,
  recordedPage,
  replayBody,
  sdkStage,
  sendAll,
} from "./helpers/sdk-sink";

/**
 * Issue #18 item 2: rrweb's serialization of a big mutation burst runs in slices between tasks
 * (sdk/rrweb-slim.mjs, sliceMutations), each slice its own mutation event. The recording must
 * still replay to the page's DOM: after bench:sdk's bursts of 500 table rows, and when the page
 * keeps changing the rows of a burst (removes, moves, inserts, edits texts) while it is sliced.
 */

const row = (i: number) =>
  `<tr><td>${i}</td><td>Customer ${i}</td><td><input value="v${i}"></td><td>${(i * 37) % 1000}</td></tr>`;
const TABLE = `<table><tbody id="t">${Array.from({ length: 1000 }, (_, i) => row(i)).join("")}</tbody></table>`;

// Six bursts of 500 rows, 300 ms apart (bench:sdk's page (a)); with `meddle`, a task every few
// ms in between changes rows of the last burst, most of them not serialized yet.
const BURSTS = `<script>window.__bursts = (meddle) => new Promise((done) => {
  const t = document.getElementById("t");
  let n = 0, k = 0, stop = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (stop) return;
    k++;
    const rows = t.rows, len = rows.length, recent = (m) => rows[len - 1 - ((k * m) % 400)];
    switch (k % 6) {
      case 0: recent(1).remove(); break;
      case 1: recent(7).cells[1].textContent = "edited " + k; break;
      case 2: { const r = document.createElement("tr"); r.innerHTML = "<td>inserted " + k + "</td>"; t.insertBefore(r, recent(13)); break; }
      case 3: t.insertBefore(recent(3), rows[(k * 11) % len]); break;
      case 4: recent(5).cells[0].firstChild.data = "d" + k; break;
      case 5: recent(17).cells[3].appendChild(document.createElement("b")).textContent = "b" + k; break;
    }
    setTimeout(() => channel.port2.postMessage(0), 3);
  };
  const timer = setInterval(() => {
    const html = [];
    for (let i = 0; i < 500; i++) { const id = 1000 + n * 500 + i;
      html.push('<tr><td>' + id + '</td><td>Customer ' + id + '</td><td><input value="v' + id + '"></td><td>' + (id * 37) % 1000 + '</td></tr>'); }
    t.insertAdjacentHTML("beforeend", html.join(""));
    if (meddle && n === 0) channel.port2.postMessage(0);
    if (++n === 6) { clearInterval(timer); setTimeout(() => { stop = true;
      document.body.insertAdjacentHTML("beforeend", "<p>end of bursts</p>"); done(); }, 600); }
  }, 300);
})</script>`;

/** Mutation events (incremental source 0) that add rows of the bursts. */
const burstMutations = (events: RecordedEvent[]) =>
  events.filter(
    (e) => e.type === 3 && e.data.source === 0 && JSON.stringify(e.data.adds ?? []).includes("Customer "),
  );

describe.skipIf(!hasChromium() && !process.env.CI)("mutation bursts in slices", () => {
  const stage = sdkStage({ "/table": `${TABLE}${BURSTS}` });

  async function record(meddle: boolean) {
    const before = stage.sink.events().length;
    const { context, page } = await recordedPage(stage, "/table");
    // Past the first snapshot (sent 0.3 s after it is taken): the bursts are recorded as mutations.
    await fullSnapshotSent(stage, page, before);
    await page.evaluate(
      (m) => (window as unknown as { __bursts(m: boolean): Promise<void> }).__bursts(m),
      meddle,
    );
    await page.waitForTimeout(1000);
    const live = await liveBody(page);
    const last = await page.evaluate(
      () => (document.getElementById("t") as HTMLTableSectionElement).rows.length,
    );
    await sendAll(page, stage.sink, (evs) => JSON.stringify(evs.slice(before)).includes("end of bursts"));
    await context.close();
    const events = stage.sink.events().slice(before);
    return { live, last, events };
  }

  test("six bursts of 500 rows are sliced and replay to the page", async () => {
    const { live, last, events } = await record(false);
    expect(last).toBe(4000);
    expect(events.filter((e) => e.type === 2)).toHaveLength(1);
    // 6 bursts of ~5,000 nodes each: in slices of 10 ms they cannot each be one event.
    console.log(`6 bursts of 500 rows recorded in ${burstMutations(events).length} mutation events`);
    expect(burstMutations(events).length).toBeGreaterThan(6);
    expectSameBody(await replayBody(stage.browser, stage.sink, events), live);
  }, 180_000);

  test("rows changed, moved and removed between the slices still replay to the page", async () => {
    const { live, events } = await record(true);
    expect(live.text).toContain("inserted");
    expect(live.text).toContain("edited");
    expectSameBody(await replayBody(stage.browser, stage.sink, events), live);
  }, 180_000);
});
