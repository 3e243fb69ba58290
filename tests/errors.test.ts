import { afterEach, expect, test, vi } from "vitest";
import { z } from "zod";
import { ApiError, handleErrors, toErrorResponse } from "@/lib/api/errors";

afterEach(() => vi.restoreAllMocks());

test("an ApiError becomes its status and the standard shape", async () => {
  const res = toErrorResponse(new ApiError("payload_too_large", "Batch is 31 MB; the limit is 25 MB."));
  expect(res.status).toBe(413);
  expect(await res.json()).toEqual({
    error: { code: "payload_too_large", message: "Batch is 31 MB; the limit is 25 MB." },
  });
});

test("headers of an ApiError are sent (Retry-After on 429)", () => {
  const res = toErrorResponse(new ApiError("rate_limited", "Slow down.", { "Retry-After": "7" }));
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("7");
});

test("a zod error becomes 400 bad_request naming the field", async () => {
  const parsed = z.object({ limit: z.number() }).safeParse({ limit: "x" });
  const res = toErrorResponse(parsed.error);
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("bad_request");
  expect(body.error.message).toContain("limit");
});

test("an unknown error becomes 500 internal without leaking its message", async () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  const res = toErrorResponse(new Error("password=hunter2 at /srv/secret/path.ts:12"));
  expect(res.status).toBe(500);
  const text = await res.text();
  expect(text).not.toContain("hunter2");
  expect(text).not.toContain("/srv/secret");
  expect(JSON.parse(text).error.code).toBe("internal");
});

test("handleErrors passes answers through and converts throws", async () => {
  const ok = handleErrors(async () => Response.json({ ok: true }));
  expect((await ok()).status).toBe(200);
  const failing = handleErrors(async () => {
    throw new ApiError("not_found", "No such recording.");
  });
  const res = await failing();
  expect(res.status).toBe(404);
  expect((await res.json()).error.message).toBe("No such recording.");
});
