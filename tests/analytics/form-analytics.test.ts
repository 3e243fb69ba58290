import { beforeAll, expect, test } from "vitest";
import { formFigures } from "@/lib/analytics/form-figures";
import { sessionAnalytics } from "@/lib/analytics/session-analytics";
import { getProjectKey } from "@/lib/data/keys";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { parseSearch } from "@/lib/search/parse";
import { batch, exception, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/** The Analytics page's forms table from submissions recorded through the real ingest route. */

const submit = (at: number, form: string, extra: Record<string, unknown> = {}) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/form@1", payload: { via: "submit", form, ...extra } },
});

let ws: string;
const range = { after: T0 - 86_400_000, before: T0 + 86_400_000 };

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "forms@analytics.test", name: "" });
  ws = (await createWorkspace(user.id, "Form Analytics")).id;
  const key = (await getProjectKey(ws)).current;
  const visit = (sessionId: string, events: unknown[]) =>
    ingestBatch(
      key,
      batch(
        [meta(T0, "https://shop.example/cart"), pageview(T0 + 1, "https://shop.example/cart"), ...events],
        {
          sessionId,
        },
      ),
    );
  // Checkout submitted twice in one session (a retry), once after an exception in another.
  await visit("checkout-twice", [
    submit(T0 + 10, "Checkout", { action: "/pay" }),
    submit(T0 + 20, "checkout"),
  ]);
  await visit("checkout-after-error", [
    exception(T0 + 5),
    submit(T0 + 10, "checkout"),
    submit(T0 + 30, "newsletter"),
  ]);
  // The newsletter submitted before the session's exception: not "after an error".
  await visit("newsletter", [submit(T0 + 10, "newsletter"), exception(T0 + 20)]);
  await visit("no-forms", []);
}, 120_000);

const checkout = {
  form: "checkout",
  submissions: 3,
  sessions: 2,
  share: 0.5,
  afterErrorSessions: 1,
  afterErrorRate: 0.5,
};
const newsletter = {
  form: "newsletter",
  submissions: 2,
  sessions: 2,
  share: 0.5,
  // The session with the checkout error submitted it afterwards; the other before its exception.
  afterErrorSessions: 1,
  afterErrorRate: 0.5,
};

test("per form: submissions, sessions, share of the sessions in view, sessions that submitted after an error", async () => {
  const { forms, overall } = await sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" });
  expect(overall.sessions).toBe(4);
  expect(forms).toEqual([checkout, newsletter]);
  // Through the engine's walk (a search with no single index) the same rows.
  const walked = await sessionAnalytics(ws, { ...parseSearch("duration:>=0"), ...range }, { kind: "none" });
  expect(walked.forms).toEqual(forms);
});

test("the page's search narrows the sessions the table covers, as the requests table", async () => {
  const { forms, overall } = await sessionAnalytics(
    ws,
    { ...parseSearch("form:newsletter"), ...range },
    { kind: "none" },
  );
  expect(overall.sessions).toBe(2);
  expect(forms).toEqual([
    { ...newsletter, share: 1 },
    { ...checkout, submissions: 1, sessions: 1, share: 0.5, afterErrorSessions: 1, afterErrorRate: 1 },
  ]);
  const none = await sessionAnalytics(ws, { ...parseSearch("-has:form_submit"), ...range }, { kind: "none" });
  expect(none.overall.sessions).toBe(1);
  expect(none.forms).toEqual([]);
  // A range before every session: nothing.
  const before = await sessionAnalytics(
    ws,
    { expr: null, after: 0, before: T0 - 86_400_000 },
    { kind: "none" },
  );
  expect(before.forms).toEqual([]);
});

test("the busiest forms first, at most the rows asked for; a submission without a form name is left out", () => {
  const ev = (form: unknown, at = 1) => ({ name: "$form_submit", at, props: { form } });
  const rows = formFigures(
    [
      [ev("A"), ev("b")],
      [ev("B"), ev(" ")],
      [ev(undefined), ev("c")],
      [ev("c"), ev("c")],
    ],
    5,
    2,
  );
  expect(rows.map((r) => [r.form, r.sessions, r.submissions, r.share])).toEqual([
    ["c", 2, 3, 0.4],
    ["b", 2, 2, 0.4],
  ]);
});
