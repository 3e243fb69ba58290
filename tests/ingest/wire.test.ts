import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  EventType as RrEventType,
  IncrementalSource as RrIncrementalSource,
  MouseInteractions as RrMouseInteractions,
  NodeType as RrNodeType,
} from "@rrweb/types";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { batchEnvelope, rrwebEvent } from "@/lib/ingest/schema";
import { EventType, IncrementalSource, MouseInteractions, NodeType } from "@/sdk/src/wire";

/** One batch format for the SDK and the server (sdk/src/wire.ts), with rrweb's own numbers. */

const root = join(import.meta.dirname, "..", "..");

/** A TS enum's members by name (its object also maps each number back to its name). */
const members = (e: object) => Object.entries(e).filter(([, v]) => typeof v === "number");

test("the wire's event constants are rrweb's, every member", () => {
  const pairs = [
    [EventType, RrEventType],
    [IncrementalSource, RrIncrementalSource],
    [MouseInteractions, RrMouseInteractions],
    [NodeType, RrNodeType],
  ] as const;
  for (const [ours, theirs] of pairs) {
    expect(members(ours).length).toBeGreaterThan(0);
    for (const [name, value] of members(ours))
      expect([name, value]).toEqual([name, (theirs as unknown as Record<string, number>)[name]]);
  }
  // The SDK's canvas frames (sdk/src/canvas.ts) are rrweb's sampled-canvas events.
  expect(members(IncrementalSource)).toContainEqual(["CanvasMutation", RrIncrementalSource.CanvasMutation]);
});

test("the server takes every event type of the wire and none past it (rrweb's Asset, Annotation)", () => {
  const event = (type: number) => rrwebEvent.safeParse({ type, timestamp: Date.now(), data: {} }).success;
  for (const [, type] of members(EventType)) expect([type, event(type)]).toEqual([type, true]);
  expect([RrEventType.Asset, RrEventType.Annotation].map(event)).toEqual([false, false]);
});

test("the SDK's transport bundles the constants as numbers, without zod", async () => {
  const out = await build({
    entryPoints: [join(root, "sdk/src/transport.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.text;
  expect(code).not.toContain("Custom");
  expect(code).not.toContain("zod");
});

test("batches the built SDK sent (recorded in Chromium) parse on the server", () => {
  const dir = join(root, "bench", "fixtures", "corpus");
  const files = readdirSync(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const raw = readFileSync(join(dir, f));
    const body = JSON.parse((raw[0] === 0x1f ? gunzipSync(raw) : raw).toString("utf8"));
    // The corpus was recorded a while ago; only the clock check would tell it from a fresh batch.
    const shift = Date.now() - 60_000 - body.events[0].timestamp;
    for (const e of body.events) e.timestamp += shift;
    const parsed = batchEnvelope.safeParse(body);
    expect(parsed.error?.issues[0], f).toBeUndefined();
  }
});
