import { beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { POST as forgot } from "@/app/api/v1/password/forgot/route";
import { POST as reset } from "@/app/api/v1/password/reset/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { useTempDataDir } from "../helpers/temp-data";

/** Every JSON route reads its body through readJson: the media type, the bytes and the size are checked as ingest checks them. */

beforeAll(() => {
  useTempDataDir();
});

const schema = z.object({ name: z.string() });
const request = (body: BodyInit, type?: string) =>
  new Request("http://rewind.test/x", {
    method: "POST",
    body,
    headers: type === undefined ? {} : { "content-type": type },
  });

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

test("application/json is accepted with or without a UTF-8 charset", async () => {
  expect(await readJson(request('{"name":"ö"}', "application/json"), schema)).toEqual({ name: "ö" });
  expect(await readJson(request('{"name":"a"}', "application/json; charset=utf-8"), schema)).toEqual({
    name: "a",
  });
  expect(await readJson(request('{"name":"a"}', "Application/JSON;Charset=UTF-8"), schema)).toEqual({
    name: "a",
  });
});

test("any other content type is a 415, lookalikes included", async () => {
  for (const type of [
    "application/jsonx",
    "text/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json-patch+json",
    "application/json; charset=latin1",
    "",
  ]) {
    expect(await statusOf(readJson(request('{"name":"a"}', type), schema)), type).toBe(415);
  }
  expect(await statusOf(readJson(request('{"name":"a"}'), schema))).toBe(415);
});

test("malformed UTF-8 is refused (400), not replaced", async () => {
  const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const error = await readJson(request(bytes, "application/json"), schema).catch((e: ApiError) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(400);
  expect((error as ApiError).message).toContain("UTF-8");
});

test("a body past 64 KB is a 413, also when it streams in without a length", async () => {
  const big = JSON.stringify({ name: "x".repeat(70 * 1024) });
  expect(await statusOf(readJson(request(big, "application/json"), schema))).toBe(413);
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
      controller.close();
    },
  });
  const streamed = new Request("http://rewind.test/x", {
    method: "POST",
    body: stream,
    headers: { "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  expect(await statusOf(readJson(streamed, schema))).toBe(413);
});

test("sign-up, forgot and reset answer 415 for application/jsonx and 400 for malformed UTF-8", async () => {
  const valid = { email: "utf@test.dev", password: "a long enough password 1", workspaceName: "Utf" };
  const invalidUtf8 = Buffer.concat([
    Buffer.from('{"email":"utf@test.dev","password":"a long enough password 1","workspaceName":"'),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('"}'),
  ]);
  for (const route of [signup, forgot, reset]) {
    const wrongType = await route(request(JSON.stringify(valid), "application/jsonx"));
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { error: { code: string } }).error.code).toBe(
      "unsupported_media_type",
    );
    const badBytes = await route(request(invalidUtf8, "application/json"));
    expect(badBytes.status).toBe(400);
  }
  // The refused sign-ups made no account: the same email still signs up.
  const created = await signup(request(JSON.stringify(valid), "application/json; charset=utf-8"));
  expect(created.status).toBe(201);
});
