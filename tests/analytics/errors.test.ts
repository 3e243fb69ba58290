import { beforeAll, expect, test } from "vitest";
import { errorGroupDetail, errorGroups, errorValuesOf } from "@/lib/analytics/errors";
import { errorFingerprint, errorSearchText, normalizeMessage, topFrame } from "@/lib/errors/fingerprint";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import { batch, click, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

const CHROME_STACK =
  "PaymentError: card 4242 declined\n    at pay (https://shop.example/static/app.js?v=3:120:5)\n    at onClick (https://shop.example/static/app.js?v=3:80:1)";
const GECKO_STACK =
  "pay@https://cdn.example/build/app.js#x:120:5\nonClick@https://cdn.example/build/app.js:80:1";

test("the top frame names the function, file and line, whatever origin, query or engine", () => {
  expect(topFrame(CHROME_STACK)).toBe("pay (app.js:120)");
  expect(topFrame(GECKO_STACK)).toBe("pay (app.js:120)");
  expect(topFrame("at https://shop.example/a.js:3:4")).toBe("<anonymous> (a.js:3)");
  expect(topFrame(undefined)).toBe("");
});

test("messages that differ only in ids, numbers or quoted values group together", () => {
  expect(normalizeMessage("PaymentError: card 4242 declined")).toBe(
    normalizeMessage("PaymentError: card 1111 declined"),
  );
  expect(normalizeMessage(`Cannot read "total" of order 6f1c2a3b-0000-4000-8000-000000000001`)).toBe(
    "Cannot read <value> of order <id>",
  );
  expect(errorFingerprint("PaymentError: card 1 declined", "pay (app.js:120)")).toBe(
    errorFingerprint("PaymentError: card 2 declined", "pay (app.js:120)"),
  );
  expect(errorFingerprint("PaymentError: card 1 declined", "pay (app.js:120)")).not.toBe(
    errorFingerprint("PaymentError: card 1 declined", "refund (app.js:300)"),
  );
});

const exception = (at: number, message: string, stack = CHROME_STACK) => ({
  type: 5,
  timestamp: at,
  data: { tag: "$exception", payload: { message, stack, source: "error" } },
});

let ws: string;
const ids = { left: "err-left", retried: "err-retried", other: "err-other" };

beforeAll(async () => {
  const fresh = await freshWorkspace("Errors Co", "errors@test.dev");
  ws = fresh.ws;
  const key = fresh.key;
  // One visit: opened at T0 on `path`, then what happened, as one batch.
  const visit = (sessionId: string, distinctId: string, path: string, events: unknown[]) =>
    ingestBatch(
      key,
      batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, `https://shop.example${path}`), ...events], {
        sessionId,
        distinctId,
      }),
    );
  // Paid, failed, left 5 s later.
  await visit(ids.left, "ana@shop.example", "/checkout", [
    click(T0 + 1000),
    exception(T0 + 1100, "PaymentError: card 4242 declined"),
    click(T0 + 6000),
  ]);
  // Failed twice (retried), then went to the help page and stayed.
  await visit(ids.retried, "ben@shop.example", "/checkout", [
    exception(T0 + 2000, "PaymentError: card 1111 declined"),
    exception(T0 + 4000, "PaymentError: card 1111 declined"),
    pageview(T0 + 40_000, "https://shop.example/help"),
    click(T0 + 100_000),
  ]);
  // Another error elsewhere in the code.
  await visit(ids.other, "cy@shop.example", "/", [
    exception(T0 + 500, "TypeError: x is undefined", "at render (https://shop.example/static/home.js:9:9)"),
    click(T0 + 90_000),
  ]);
});

const range = () => [T0 - 60_000, Date.now() + 60_000] as const;

test("exceptions are grouped by message pattern and place, with sessions, people and exits", async () => {
  const view = await errorGroups(ws, ...range());
  expect(view.exact).toBe(true);
  expect(view.groups).toHaveLength(2);
  const [payment, type] = view.groups;
  expect(payment).toMatchObject({
    sessions: 2,
    persons: 2,
    occurrences: 3,
    frame: "pay (app.js:120)",
    exitRate: 0.5,
  });
  expect(type).toMatchObject({ sessions: 1, occurrences: 1, frame: "render (home.js:9)", exitRate: 0 });
  expect(payment!.trend.reduce((a, b) => a + b, 0)).toBe(3);
  expect(payment!.browsers).toEqual([{ name: "chrome", sessions: 2 }]);
});

test("a group's page lists each occurrence at its second, retries and where people went next", async () => {
  const { groups } = await errorGroups(ws, ...range());
  const detail = (await errorGroupDetail(ws, groups[0]!.fingerprint, ...range()))!;
  expect(detail.repeatedSessions).toBe(1);
  expect(detail.nextPages).toEqual([{ path: "/help", sessions: 1 }]);
  expect(detail.occurrences.map((o) => [o.sessionId, o.offsetMs])).toEqual([
    [ids.retried, 4000],
    [ids.retried, 2000],
    [ids.left, 1100],
  ]);
  expect(await errorGroupDetail(ws, "AAAAAAAAAAAAAAAA", ...range())).toBeNull();
});

async function search(q: string): Promise<string[]> {
  const page = await querySessions(ws, parseSearch(q), { sort: "recent", cursor: null, limit: 50 });
  return page.sessions.map((s) => s.id).sort();
}

test("error: finds sessions by the text of an exception; has:error_then_exit those that left after one", async () => {
  expect(await search('error:"paymenterror"')).toEqual([ids.left, ids.retried].sort());
  expect(await search("error:undefined")).toEqual([ids.other]);
  expect(await search("has:error_then_exit")).toEqual([ids.left]);
  expect(await search("-has:error_then_exit has:errors")).toEqual([ids.other, ids.retried].sort());
});

test("the error search text is the part of a message every occurrence shares", () => {
  expect(errorSearchText("PaymentError: card 4242 declined")).toBe("PaymentError: card");
  expect(errorSearchText(`Cannot read "total" of order 6f1c2a3b-0000-4000-8000-000000000001`)).toBe(
    "Cannot read",
  );
  expect(errorSearchText("TypeError: x is undefined")).toBe("TypeError: x is undefined");
  // Nothing long enough stays the same: the message itself, cut.
  expect(errorSearchText("42")).toBe("42");
  expect(errorSearchText(`E ${"x".repeat(300)}`)).toHaveLength(120);
});

test("the error picker offers each message's search text with the sessions that search finds", async () => {
  const values = await errorValuesOf(ws);
  expect(values).toEqual([
    { value: "PaymentError: card", sessions: 2 },
    { value: "TypeError: x is undefined", sessions: 1 },
  ]);
  for (const { value, sessions } of values)
    expect(await search(printSearch({ expr: { kind: "error", value } }))).toHaveLength(sessions);
});
