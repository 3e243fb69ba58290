import { redirect } from "next/navigation";
import { expect, test } from "vitest";
import { handleErrors, toErrorResponse } from "@/lib/api/errors";
import { withProjectKey } from "@/lib/api/with-project-key";
import { Busy, Conflict, Forbidden, Gone, Invalid, NotFound, TooLarge } from "@/lib/errors/domain";
import { parseSearch } from "@/lib/search/parse";

test.each([
  [new NotFound("No such workspace."), 404, "not_found"],
  [new Conflict("The address is taken."), 409, "conflict"],
  [new Invalid("Retention is 1 to 365 days."), 400, "bad_request"],
  [new Forbidden("This invite is for someone else."), 403, "forbidden"],
  [new TooLarge("The note is longer than 10 KB."), 413, "payload_too_large"],
  [new Gone("This invite link was just used."), 410, "gone"],
])("a domain error %s answers %i %s with its message", async (error, status, code) => {
  const res = toErrorResponse(error);
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ error: { code, message: error.message } });
});

test("a busy resource answers 503 with Retry-After", () => {
  const res = toErrorResponse(new Busy("Another request holds this batch.", 2));
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("2");
});

test("a search that does not parse answers 400 pointing at the character", async () => {
  const thrown = (() => {
    try {
      parseSearch('"unclosed');
    } catch (error) {
      return error;
    }
  })();
  const res = toErrorResponse(thrown);
  expect(res.status).toBe(400);
  expect((await res.json()).error.message).toMatch(/^Search: Unclosed quote \(at character 1/);
});

test("Next's redirect() passes through a wrapper for Next to answer, rather than becoming a 500", async () => {
  const route = handleErrors(async () => redirect("/elsewhere"));
  await expect(route()).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
});

test("a project-key route refuses a missing key with 401 and CORS headers before its handler runs", async () => {
  let ran = false;
  const route = withProjectKey(
    async () => {
      ran = true;
      return Response.json({});
    },
    { cors: true },
  );
  const res = await route(new Request("http://rewind.test/x"));
  expect(res.status).toBe(401);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(ran).toBe(false);
});
