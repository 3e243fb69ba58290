import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { eventDefinitions, personEvents } from "@/lib/data/events";
import { deletePerson, personProfile } from "@/lib/data/person-recordings";
import { getPerson, listPersons } from "@/lib/data/persons";
import { getSession } from "@/lib/data/sessions";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { blob } from "@/lib/storage/blob";
import { batch, custom, exception, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { dumpKeys } from "../helpers/kv-dump";
import { freshWorkspace } from "../helpers/workspace";

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Persons Co", "persons@test.dev"));
});

const ingest = (body: Record<string, unknown>, ua?: string) => ingestBatch(key, body, ua);

const identify = (
  at: number,
  distinctId: string,
  anonymousId: string,
  properties: Record<string, unknown>,
) => ({
  type: 5,
  timestamp: at,
  data: { tag: "$identify", payload: { distinctId, anonymousId, properties } },
});

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1";

describe("persons and aliases", () => {
  const person = "dana@example.com";
  const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
  const [anon1, anon2] = ["anon-laptop-1", "anon-phone-2"];

  beforeAll(async () => {
    // Laptop: a first anonymous visit, then a second one that signs in half way.
    await ingest(
      batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/pricing")], {
        sessionId: s1,
        distinctId: anon1,
      }),
    );
    await ingest(
      batch(
        [meta(T0 + 10_000), fullSnapshot(T0 + 10_001), pageview(T0 + 10_002, "https://shop.example/cart")],
        {
          sessionId: s2,
          distinctId: anon1,
        },
      ),
    );
    await ingest(
      batch(
        [
          identify(T0 + 11_000, person, anon1, { plan: "growth" }),
          custom(T0 + 11_500, "checkout_started", { items: 2 }),
        ],
        { sessionId: s2, distinctId: person, seq: 1 },
      ),
    );
    // Phone: anonymous, then signs in as the same person; a late batch still under the anonymous id.
    await ingest(
      batch([meta(T0 + 20_000), fullSnapshot(T0 + 20_001), pageview(T0 + 20_002, "https://shop.example/")], {
        sessionId: s3,
        distinctId: anon2,
      }),
      IPHONE,
    );
    await ingest(
      batch([identify(T0 + 21_000, person, anon2, { plan: "enterprise", company: "Acme" })], {
        sessionId: s3,
        distinctId: person,
        seq: 1,
      }),
      IPHONE,
    );
    await ingest(batch([exception(T0 + 22_000)], { sessionId: s3, distinctId: anon2, seq: 2 }), IPHONE);
  });

  test("anonymous sessions before identify, and a second device, join one person", async () => {
    for (const sid of [s1, s2, s3]) expect((await getSession(ws, sid))!.fields.distinctId).toBe(person);
    const found = await querySessions(ws, parseSearch(`user:${person}`), { sort: "recent", limit: 10 });
    expect(found.sessions.map((s) => s.id).sort()).toEqual([s1, s2, s3].sort());
    const p = (await getPerson(ws, person))!;
    expect(p.sessionCount).toBe(3);
    expect(p.firstSeen).toBe(T0);
    expect(p.lastSeen).toBe(T0 + 22_000);
    // The last identify() wins for a key set twice; keys set once are kept.
    expect(p.properties).toEqual({ plan: "enterprise", company: "Acme" });
    const profile = await personProfile(ws, person);
    expect(profile.devices.sort()).toEqual(["desktop · chrome · linux", "mobile · safari · ios"]);

    const { persons } = await listPersons(ws, { sort: "last", limit: 10 });
    expect(persons.map((x) => x.distinctId)).toEqual([person]);
    expect(
      (await listPersons(ws, { sort: "sessions", limit: 10, search: "plan=ENTERPRISE" })).persons,
    ).toHaveLength(1);
    expect(
      (await listPersons(ws, { sort: "sessions", limit: 10, search: "plan=growth" })).persons,
    ).toHaveLength(0);
    expect((await listPersons(ws, { sort: "last", limit: 10, search: "DANA@" })).persons).toHaveLength(1);
    expect(await getPerson(ws, anon1)).toBeNull();
  });

  test("the person's events span all their sessions, newest first, pageable and filterable", async () => {
    const all = await personEvents(ws, person, { limit: 10 });
    expect(all.events.map((e) => [e.name, e.at])).toEqual([
      ["$exception", T0 + 22_000],
      ["$pageview", T0 + 20_002],
      ["checkout_started", T0 + 11_500],
      ["$pageview", T0 + 10_002],
      ["$pageview", T0 + 2],
    ]);
    expect(all.nextCursor).toBeNull();
    const first = await personEvents(ws, person, { limit: 2 });
    const second = await personEvents(ws, person, { limit: 2, cursor: first.nextCursor });
    const third = await personEvents(ws, person, { limit: 2, cursor: second.nextCursor });
    expect([...first.events, ...second.events, ...third.events].map((e) => e.id)).toEqual(
      all.events.map((e) => e.id),
    );
    expect(third.nextCursor).toBeNull();
    const views = await personEvents(ws, person, { limit: 10, name: "$pageview" });
    expect(views.events.map((e) => e.url)).toEqual([
      "https://shop.example/",
      "https://shop.example/cart",
      "https://shop.example/pricing",
    ]);
    const defs = await eventDefinitions(ws);
    expect(Object.fromEntries(defs.map((d) => [d.name, d.volume]))).toEqual({
      $pageview: 3,
      checkout_started: 1,
      $exception: 1,
    });
  });

  test("deleting the person leaves no key, member or blob of them, their aliases or their sessions", async () => {
    expect((await deletePerson(ws, person)).sessions).toBe(3);
    const dump = await dumpKeys(`{w:${ws}}:`);
    for (const id of [person, anon1, anon2, s1, s2, s3]) expect(dump).not.toContain(id);
    const blobs = (await (await blob()).list("rec/")).map((b) => b.key).join("\n");
    for (const sid of [s1, s2, s3]) expect(blobs).not.toContain(sid);
    expect(await getPerson(ws, person)).toBeNull();
    expect((await eventDefinitions(ws)).map((d) => d.name)).toEqual([]);
    expect(await deletePerson(ws, person)).toEqual({ sessions: 0 });
  });
});
