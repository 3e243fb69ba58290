import { beforeAll, expect, test } from "vitest";
import { formsControl } from "@/components/recordings/filter-controls";
import { formValuesOf } from "@/lib/data/facets";
import { getProjectKey } from "@/lib/data/keys";
import { sessionKeys } from "@/lib/data/session-keys";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { findTerm, setTerm } from "@/lib/search/edit";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import { kv } from "@/lib/storage/kv";
import { batch, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/** The Forms menu offers "any form" and each form key submitted, with the sessions that submitted it. */

const submit = (at: number, payload: Record<string, unknown>) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/form@1", payload: { via: "submit", ...payload } },
});

let ws: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "picker@forms.test", name: "" });
  ws = (await createWorkspace(user.id, "Form Picker")).id;
  const key = (await getProjectKey(ws)).current;
  const visit = (events: unknown[]) =>
    ingestBatch(key, batch([meta(T0), pageview(T0 + 1, "https://shop.example/"), ...events]));
  await visit([submit(T0 + 10, { form: "Checkout", action: "/pay?x=1" })]);
  await visit([submit(T0 + 10, { form: "checkout" }), submit(T0 + 20, { form: "newsletter", id: "nl" })]);
  await visit([]);
}, 120_000);

const recorded = [
  { value: "checkout", sessions: 2 },
  { value: "/pay", sessions: 1 },
  { value: "newsletter", sessions: 1 },
  { value: "nl", sessions: 1 },
];

test("each form key submitted (name, id, action path), most sessions first", async () => {
  expect(await formValuesOf(ws)).toEqual(recorded);
  // Keys stored before the catalog existed are catalogued once.
  await (await kv()).del([sessionKeys.formValues(ws), sessionKeys.formValuesCatalogued(ws)]);
  expect(await formValuesOf(ws)).toEqual(recorded);
});

test("the menu writes has:form_submit or form:<key>, and shows either typed in the search box", () => {
  const control = formsControl({ form: recorded });
  expect(control.options.slice(0, 2)).toEqual([
    ["form_submit", "Submitted a form"],
    ["form:checkout", "Submitted checkout (2)"],
  ]);
  const choose = (q: string, value: string) => {
    const filter = parseSearch(q);
    return printSearch(setTerm(filter, control.match, value ? control.make!(value) : null));
  };
  expect(choose("device:mobile", "form:checkout")).toBe("device:mobile form:checkout");
  expect(choose("device:mobile form:checkout", "form_submit")).toBe("device:mobile has:form_submit");
  expect(choose("form:checkout", "")).toBe("");
  const shown = (q: string) => {
    const term = findTerm(parseSearch(q), control.match);
    return term ? control.read(term) : "";
  };
  expect(shown("form:Checkout")).toBe("form:checkout");
  expect(shown("has:form_submit")).toBe("form_submit");
  expect(control.describe!("form:signup")).toBe("Submitted signup");
});
