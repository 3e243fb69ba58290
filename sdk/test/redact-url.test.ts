import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { redactAttributeUrl } from "../src/scrub";
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
