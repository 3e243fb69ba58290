import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { redactError } from "../src/capture-plugins";
import { redactAttributeUrl, redactCss } from "../src/scrub";
import { redactUrl } from "../src/shared";

beforeEach(() => vi.stubGlobal("location", { href: "https://shop.example/cart" }));
afterEach(() => vi.unstubAllGlobals());

test("secret query values and credentials are redacted, the rest kept", () => {
  expect(redactUrl("https://bob:pw@shop.example/reset?token=abc&page=2")).toBe(
    "https://shop.example/reset?token=%5Bredacted%5D&page=2",
  );
});

test("a fragment written as parameters loses its secrets too (OAuth implicit flow)", () => {
  expect(redactUrl("https://shop.example/cb#access_token=abc&state=xyz")).toBe(
    "https://shop.example/cb#access_token=%5Bredacted%5D&state=xyz",
  );
  expect(redactUrl("https://shop.example/docs#section-2")).toBe("https://shop.example/docs#section-2");
});

test("attribute URLs: data: payloads dropped, relative URLs redacted against the page", () => {
  expect(redactAttributeUrl("data:text/plain,secret")).toBe("data:,");
  expect(redactAttributeUrl("/img.png?sig=abc")).toBe("https://shop.example/img.png?sig=%5Bredacted%5D");
  expect(redactAttributeUrl("/plain/path")).toBe("/plain/path");
});

test("url(…) in CSS is redacted like an attribute URL, whatever its quotes; fragment references stay", () => {
  expect(redactCss(`a{background:url("/bg.png?token=abc") no-repeat}`)).toBe(
    `a{background:url("https://shop.example/bg.png?token=%5Bredacted%5D") no-repeat}`,
  );
  expect(redactCss("background-image: url( '/x.png?sig=abc' )")).toBe(
    "background-image: url('https://shop.example/x.png?sig=%5Bredacted%5D')",
  );
  expect(redactCss("background:URL(data:image/svg+xml,%3Csvg%3Esecret%3C/svg%3E)")).toBe(
    "background:url(data:,)",
  );
  expect(redactCss("clip-path:url(#clip);fill:url('#grad')")).toBe("clip-path:url(#clip);fill:url('#grad')");
  expect(redactCss("color:red")).toBe("color:red");
});

test("rrweb's objects of changed style properties and CSSOM events are redacted in place", () => {
  const style = { "background-image": "url(/a.png?auth=abc)", color: "red", width: false };
  expect(redactCss(style)).toEqual({
    "background-image": "url(https://shop.example/a.png?auth=%5Bredacted%5D)",
    color: "red",
    width: false,
  });
  const rule = { source: 8, id: 4, adds: [{ rule: ".x{background:url(/r.png?session=abc)}", index: 0 }] };
  redactCss(rule);
  expect(rule.adds[0]!.rule).toBe(".x{background:url(https://shop.example/r.png?session=%5Bredacted%5D)}");
});

test("an error's message and stack: name=value secrets and URLs redacted, frames' line and column kept", () => {
  const redacted = redactError(
    {
      message: "Uncaught Error: failed for token=abc123 while loading https://api.test/v1?sig=xyz&page=2",
      stack:
        "Error: failed for token=abc123\n    at fail (https://shop.example/app.js?session=s3cr3t:12:5)\n    at https://shop.example/main.js:3:9",
      source: "error",
    },
    ["token", "session"],
  );
  expect(redacted).toEqual({
    message:
      "Uncaught Error: failed for token=[redacted] while loading https://api.test/v1?sig=%5Bredacted%5D&page=2",
    stack:
      "Error: failed for token=[redacted]\n    at fail (https://shop.example/app.js?session=%5Bredacted%5D:12:5)\n    at https://shop.example/main.js:3:9",
    source: "error",
  });
});

test("an error's message and stack are truncated to 1,000 and 4,000 characters", () => {
  const { message, stack } = redactError(
    { message: "m".repeat(5000), stack: "s".repeat(9000), source: "error" },
    [],
  );
  expect(message).toHaveLength(1000);
  expect(stack).toHaveLength(4000);
});
