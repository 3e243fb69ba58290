import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  EventType as RrEventType,
  IncrementalSource as RrIncrementalSource,
  MouseInteractions as RrMouseInteractions,
} from "@rrweb/types";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { batchEnvelope } from "@/lib/ingest/schema";
import { EventType, IncrementalSource, MouseInteractions } from "@/sdk/src/wire";

/** One batch format for the SDK and the server (sdk/src/wire.ts), with rrweb's own numbers. */

const root = join(import.meta.dirname, "..", "..");

const rrweb = {
  EventType: RrEventType,
  IncrementalSource: RrIncrementalSource,
  MouseInteractions: RrMouseInteractions,
};

test("the wire's event constants are rrweb's", () => {
  const ours = {
    EventType: {
      DomContentLoaded: EventType.DomContentLoaded,
      Load: EventType.Load,
      FullSnapshot: EventType.FullSnapshot,
      IncrementalSnapshot: EventType.IncrementalSnapshot,
      Meta: EventType.Meta,
      Custom: EventType.Custom,
      Plugin: EventType.Plugin,
    },
    IncrementalSource: {
      Mutation: IncrementalSource.Mutation,
      MouseMove: IncrementalSource.MouseMove,
      MouseInteraction: IncrementalSource.MouseInteraction,
      Scroll: IncrementalSource.Scroll,
      ViewportResize: IncrementalSource.ViewportResize,
      Input: IncrementalSource.Input,
      TouchMove: IncrementalSource.TouchMove,
    },
    MouseInteractions: {
      Click: MouseInteractions.Click,
      DblClick: MouseInteractions.DblClick,
      TouchEnd: MouseInteractions.TouchEnd,
    },
  };
  for (const [group, members] of Object.entries(ours)) {
    const theirs = rrweb[group as keyof typeof rrweb] as unknown as Record<string, number>;
    for (const [name, value] of Object.entries(members))
      expect([group, name, value]).toEqual([group, name, theirs[name]]);
  }
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
