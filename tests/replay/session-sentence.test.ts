import { expect, test } from "vitest";
import { readableEventName, sessionSentence } from "@/components/recordings/session-sentence";
import { activitySlices } from "@/lib/search/annotate";

/** A sentence per session, told from the facts ingest keeps; and the activity sparkline's slices. */

/** A session's counters before any batch added to them. */
const none = { pageCount: 0, errorCount: 0, rageCount: 0, deadCount: 0, errorclickCount: 0 };

test("a visit with a referrer, an error, a rage click and a last page reads as one sentence", () => {
  const fields = {
    ...none,
    firstUrl: "https://shop.example/pricing",
    referrer: "google.com",
    pageCount: 4,
    errorCount: 2,
    firstError: "PaymentError: card declined",
    firstErrorPath: "/checkout",
    rageCount: 1,
    firstRagePath: "/checkout",
    lastPath: "/checkout",
  };
  expect(sessionSentence(fields, 40_000)).toBe(
    "Came from google.com to /pricing, viewed 4 pages, hit “PaymentError: card declined” on /checkout (2 errors in all), rage-clicked on /checkout, left from /checkout after 40s.",
  );
});

test("the custom events sent most and the rage-clicked element are told in words", () => {
  const fields = {
    ...none,
    firstUrl: "https://shop.example/",
    pageCount: 3,
    topEvents: [
      ["added_to_cart", 2],
      ["viewedItem", 1],
      ["checkout_started", 1],
    ] as [string, number][],
    rageCount: 1,
    firstRageLabel: "“Pay”",
    firstRagePath: "/checkout",
    lastPath: "/checkout",
  };
  expect(sessionSentence(fields, 40_000)).toBe(
    "Landed on /, viewed 3 pages, added to cart ×2 and viewed item, rage-clicked “Pay” on /checkout, left from /checkout after 40s.",
  );
});

test("an element the recording could not name is left out, and one masked reads as its kind", () => {
  const base = { ...none, pageCount: 1, rageCount: 2, firstRagePath: "/pay" };
  expect(sessionSentence({ ...base, firstRageLabel: "" }, 1000)).toBe(
    "Rage-clicked on /pay 2 times, left after 1s.",
  );
  expect(sessionSentence({ ...base, firstRageLabel: "a button" }, 1000)).toBe(
    "Rage-clicked a button on /pay 2 times, left after 1s.",
  );
});

test("event names read as words whatever their case or separators", () => {
  expect(readableEventName("added_to_cart")).toBe("added to cart");
  expect(readableEventName("addedToCart")).toBe("added to cart");
  expect(readableEventName("Signup-Completed")).toBe("signup completed");
  expect(readableEventName("plan.upgraded:v2")).toBe("plan upgraded v2");
  expect(readableEventName("__")).toBe("__");
});

test("a one-page visit says where it landed and how long it stayed", () => {
  expect(sessionSentence({ ...none, firstUrl: "https://shop.example/caf%C3%A9", pageCount: 1 }, 5_000)).toBe(
    "Landed on /café, left after 5s.",
  );
});

test("dead clicks and repeated rage clicks are counted in words", () => {
  const fields = { ...none, firstUrl: "https://s.example/", pageCount: 1, rageCount: 3, deadCount: 2 };
  expect(sessionSentence(fields, 65_000)).toBe(
    "Landed on /, rage-clicked 3 times, 2 dead clicks, left after 1m 05s.",
  );
});

test("a long error message is clipped", () => {
  const sentence = sessionSentence({ ...none, firstError: "E".repeat(200), errorCount: 1 }, 1000);
  expect(sentence).toContain(`Hit “${"E".repeat(59)}…”`);
});

test("activity lands in the slice of the session it happened in", () => {
  const start = 10 * 60_000;
  const slices = activitySlices(
    [
      [10, 5],
      [19, 7],
    ],
    start,
    start + 10 * 60_000,
  );
  expect(slices).toHaveLength(24);
  expect(slices.reduce((a, b) => a + b, 0)).toBe(12);
  expect(slices[1]).toBe(5);
  expect(slices[22]).toBe(7);
});
