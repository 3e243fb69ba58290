import { expect, test } from "vitest";
import { readSource, sourceFiles } from "./source-files";

/**
 * lib/data hands typed records upward (docs/ARCHITECTURE.md §1b): a stored value is parsed with
 * its entity's schema, not cast, and nothing above lib/data coerces a session's fields.
 */

/** The one module that turns stored JSON text into values, each through a schema. */
const JSON_READER = "lib/data/json-hash.ts";

/** Stored JSON parsed anywhere but the one reader (which hands it to a schema). */
const parsesJsonAlone = (source: string) => /\bJSON\.parse\(/.test(source);

/**
 * Names holding what the store answered: bound from an awaited read (`get`, `hget`, `hgetall`,
 * `hmget`, a pipeline's `exec`, directly or destructured) or typed as a hash (`Record<string, string>`).
 */
function storedNames(source: string): string[] {
  const names = new Set<string>();
  const read =
    /(?:const|let)\s+(?:\[([^\]]*)\]|(\w+))\s*(?::[^=;]+)?=\s*await\s+[^;]*?\.(?:get|hget|hgetall|hmget|exec)\b(?:<[^;]*?>)?\(/g;
  for (const m of source.matchAll(read)) {
    if (m[2]) names.add(m[2]);
    for (const part of (m[1] ?? "").split(",")) {
      const name = /^\s*(?:\.\.\.)?(\w+)/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  for (const m of source.matchAll(/\b(\w+)\??\s*:\s*Record<string,\s*string>/g)) names.add(m[1]!);
  for (const m of source.matchAll(/(?:const|let)\s+(\w+)\s*=[^;=]*\bas\s+Record<string,\s*string>/g))
    names.add(m[1]!);
  return [...names];
}

/** The shapes a KV reply has (pipelines are typed by position): narrowing to one is no record cast. */
const REPLY_TYPE =
  /^\(?\s*(?:string|number|boolean|null|Record<string,\s*string>)(?:\s*\|\s*(?:string|number|null))*\s*\)?(?:\[\])?$/;

/** A type after `as`: names with type arguments, arrays, unions, in parentheses or not. */
const ONE_TYPE = String.raw`[\w.]+(?:<[^<>;]*>)?(?:\[\])?`;
const TYPE = String.raw`\(?\s*${ONE_TYPE}(?:\s*\|\s*${ONE_TYPE})*\s*\)?(?:\[\])?`;

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\/|(?<![:"'`])\/\/[^\n]*/g, "");

/** Where a stored value is used as a typed one through a cast instead of a schema. */
function storedCasts(code: string): string[] {
  const source = withoutComments(code);
  const found: string[] = [];
  for (const name of storedNames(source)) {
    const access = String.raw`(?:\??\.\w+|\[[^\]\n]*\])`;
    const at = String.raw`(?<![\w.])${name}`;
    for (const m of source.matchAll(new RegExp(String.raw`\bNumber\(\s*${name}\b${access}*`, "g")))
      found.push(m[0]);
    for (const m of source.matchAll(new RegExp(String.raw`${at}${access}*\s+as\s+(${TYPE})`, "g"))) {
      if (m[1]!.trim() !== "const" && !REPLY_TYPE.test(m[1]!.trim())) found.push(m[0].trimEnd());
    }
    for (const m of source.matchAll(new RegExp(String.raw`${at}\??\.\w+!(?!=)`, "g"))) found.push(m[0]);
    for (const m of source.matchAll(new RegExp(String.raw`${at}${access}+\s*[!=]==?\s*["'][01]["']`, "g")))
      found.push(m[0]);
  }
  return found;
}

/** A caller coercing what should already be typed: `Number(s.fields.x …)` or `fields.x ?? "…"`. */
const coercedField = (source: string) =>
  /\bNumber\(\s*[\w.!?]*\bfields\.\w+|\bfields\.\w+\s*\?\?\s*["'`]|fields:\s*Record<string,\s*string>/.test(
    source,
  );

test("stored JSON is parsed only by lib/data's JSON reader, through a schema", () => {
  const parsing = sourceFiles("lib/data").filter(
    (path) => path !== JSON_READER && parsesJsonAlone(readSource(path)),
  );
  expect(parsing).toEqual([]);
});

test("lib/data turns no stored value into a typed one by a cast", () => {
  const offenders = sourceFiles("lib/data").flatMap((path) =>
    storedCasts(readSource(path)).map((cast) => `${path}: ${cast}`),
  );
  expect(offenders).toEqual([]);
});

test("nothing above lib/data coerces a session's fields", () => {
  const files = ["app", "components", "lib"].flatMap((folder) => sourceFiles(folder));
  const offenders = files.filter((path) => !path.startsWith("lib/data/") && coercedField(readSource(path)));
  expect(offenders).toEqual([]);
});

test("the checks catch a cast read and a coerced field", () => {
  expect(parsesJsonAlone("return raw ? (JSON.parse(raw) as Playlist) : null;")).toBe(true);
  expect(parsesJsonAlone("return parseJsonRecord(playlistRecord, what, raw);")).toBe(false);
  expect(coercedField("const n = Number(s.fields.clickCount ?? 0);")).toBe(true);
  expect(coercedField('const who = session.fields.distinctId ?? "";')).toBe(true);
  expect(coercedField("fields: Record<string, string>;")).toBe(true);
  expect(coercedField("const n = s.fields.clickCount;")).toBe(false);
  expect(coercedField("{formatNumber(s.fields.clickCount)}")).toBe(false);
});

test("the cast check catches each form on a stored value, and only on one", () => {
  const read = "const h = await (await kv()).hgetall(keys.user(id));\n";
  expect(storedCasts(`${read}return { createdAt: Number(h.createdAt ?? 0) };`)).toEqual([
    "Number(h.createdAt",
  ]);
  expect(storedCasts(`${read}return { role: h.role as Role };`)).toEqual(["h.role as Role"]);
  expect(storedCasts(`${read}return { previous: h.previous! };`)).toEqual(["h.previous!"]);
  expect(storedCasts(`${read}return { complete: h.complete === "1" };`)).toEqual(['h.complete === "1"']);
  expect(storedCasts("const raw = await store.get(keys.epoch(ws));\nreturn Number(raw ?? 0);")).toEqual([
    "Number(raw",
  ]);
  expect(
    storedCasts(
      "const [all, used] = await p.exec<[Record<string, string>, Record<string, string>]>();\nNumber(used[k])",
    ),
  ).toEqual(["Number(used[k]"]);
  expect(storedCasts("function toX(id: string, h: Record<string, string>) { return Number(h.at); }")).toEqual(
    ["Number(h.at"],
  );
  expect(
    storedCasts("const meta = replies[i] as Record<string, string>;\nconst w = Number(meta.w);"),
  ).toEqual(["Number(meta.w"]);
  // A pipeline's replies narrowed to the reply's own shape, a parsed record, or values never stored.
  expect(storedCasts("const replies = await p.exec();\nconst ended = replies[j] as number | null;")).toEqual(
    [],
  );
  expect(storedCasts("const r = await p.exec();\nconst props = r[i] as Record<string, string>;")).toEqual([]);
  expect(storedCasts(`${read}return parseOrCorrupt(userRecord, \`user \${id}\`, h);`)).toEqual([]);
  expect(storedCasts(`${read}if (!h.id) return null;\nconst n = Number(input.count);`)).toEqual([]);
  expect(storedCasts("const ids = await store.smembers(k);\nconst first = ids[0]!;")).toEqual([]);
  expect(storedCasts(`${read}if (h.tokenHash !== undefined && x != null) del(h.tokenHash);`)).toEqual([]);
});
