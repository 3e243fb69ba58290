import { expect, test } from "vitest";
import { funnelStep, stepLabel, stepMatches } from "@/lib/analytics/funnel";
import type { StoredEvent } from "@/lib/data/events";
import { buildTimeline } from "@/lib/replay/timeline";
import { pageview, T0 } from "../helpers/batches";

/** Web Vitals and form submissions as the player's timeline and the funnels read them. */

const plugin = (at: number, name: string, payload: Record<string, unknown>) => ({
  type: 6,
  timestamp: at,
  data: { plugin: name, payload },
});

test("a vital is a marker with its value, its rating by the official thresholds and its element", () => {
  const { items } = buildTimeline([
    pageview(T0, "https://shop.example/"),
    plugin(T0 + 10, "rewind/vitals@1", { name: "LCP", value: 3100, rating: "good", target: "img.hero" }),
    plugin(T0 + 20, "rewind/vitals@1", {
      name: "INP",
      value: 180,
      target: "button#buy",
      interaction: "pointer",
    }),
    plugin(T0 + 30, "rewind/vitals@1", { name: "CLS", value: 0.31 }),
    plugin(T0 + 40, "rewind/vitals@1", { name: "TTFB", value: -1 }),
    plugin(T0 + 50, "rewind/vitals@1", { name: "FID", value: 10 }),
  ]);
  const vitals = items.filter((i) => i.kind === "vital");
  expect(vitals.map((i) => [i.label, i.rating])).toEqual([
    ["LCP 3.1 s — needs improvement — img.hero", "needs-improvement"],
    ["INP 180 ms — good — button#buy", "good"],
    ["CLS 0.31 — poor", "poor"],
  ]);
  expect(vitals[1]!.detail).toBe("pointer interaction");
});

test("a page view shows each metric once, at its last report (hidden, then unloaded)", () => {
  const { items } = buildTimeline([
    pageview(T0, "https://shop.example/"),
    plugin(T0 + 10, "rewind/vitals@1", { name: "CLS", value: 0.05, view: "v1-a" }),
    plugin(T0 + 11, "rewind/vitals@1", { name: "INP", value: 120, view: "v1-a" }),
    plugin(T0 + 20, "rewind/vitals@1", { name: "CLS", value: 0.12, view: "v1-a" }),
    plugin(T0 + 21, "rewind/vitals@1", { name: "INP", value: 120, view: "v1-a" }),
    // Another view's metric of the same name stays.
    plugin(T0 + 30, "rewind/vitals@1", { name: "CLS", value: 0.01, view: "v2-b" }),
  ]);
  expect(items.filter((i) => i.kind === "vital").map((i) => [i.at - T0, i.label])).toEqual([
    [20, "CLS 0.12 — needs improvement"],
    [21, "INP 120 ms — good"],
    [30, "CLS 0.01 — good"],
  ]);
});

test("a form submission is a marker named by the form, with how it was sent", () => {
  const { items } = buildTimeline([
    plugin(T0, "rewind/form@1", { form: "checkout", action: "/pay", submitter: "button.pay", via: "fetch" }),
    plugin(T0 + 1, "rewind/form@1", { form: "", via: "submit" }),
  ]);
  expect(items.map((i) => [i.kind, i.label, i.detail])).toEqual([
    ["form", "Form submitted: checkout", "action /pay · submitted by button.pay · sent by fetch"],
    ["form", "Form submitted: form", undefined],
  ]);
});

test("a form funnel step matches the form by name, id or action path; empty matches any form", () => {
  const event = (props: Record<string, string>): StoredEvent => ({
    id: "b.0",
    sessionId: "s",
    name: "$form_submit",
    at: T0,
    props,
  });
  const step = (form: string) => funnelStep.parse({ kind: "form", form });
  const checkout = event({ form: "Checkout", name: "Checkout", id: "co", action: "/pay", via: "submit" });
  expect(stepMatches(step("checkout"), checkout)).toBe(true);
  expect(stepMatches(step("CO"), checkout)).toBe(true);
  expect(stepMatches(step("/pay"), checkout)).toBe(true);
  expect(stepMatches(step("signup"), checkout)).toBe(false);
  expect(stepMatches(step(""), checkout)).toBe(true);
  expect(stepMatches(step("checkout"), { ...checkout, name: "checkout" })).toBe(false);
  expect(stepLabel(step("checkout"))).toBe("Submitted the form checkout");
  expect(stepLabel(step(""))).toBe("Submitted any form");
  expect(funnelStep.safeParse({ kind: "form", form: "x".repeat(201) }).success).toBe(false);
});
