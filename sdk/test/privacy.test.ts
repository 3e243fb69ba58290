import { expect, test } from "vitest";
import {
  maskChars,
  maskValue,
  mergeMasking,
  personBlocked,
  recordMaskingOptions,
  revealsChoice,
  shouldMaskText,
} from "../src/privacy";

/** A stand-in for a DOM element: it "matches" the selectors it was given. */
const el = (...selectors: string[]) =>
  ({
    closest: (sel: string) => {
      if (sel.includes("!!")) throw new SyntaxError("invalid selector");
      return sel.split(",").some((s) => selectors.includes(s.trim())) ? {} : null;
    },
  }) as unknown as Element;

test("level 1 on both sides: text stays, inputs are masked", () => {
  const m = mergeMasking({}, { level: 1 });
  expect(shouldMaskText(m, el("p"))).toBe(false);
  // Keyed by tag, so every input is masked whatever its type (rrweb's maskAllInputs leaves hidden out).
  expect(recordMaskingOptions(m)).not.toHaveProperty("maskAllInputs");
  expect(recordMaskingOptions(m).maskInputOptions).toMatchObject({
    input: true,
    textarea: true,
    select: true,
  });
});

test("the server stricter: level 2 remotely masks all text even when the page says 1", () => {
  const m = mergeMasking({ level: 1 }, { level: 2 });
  expect(m.level).toBe(2);
  expect(shouldMaskText(m, el("p"))).toBe(true);
});

test("the page stricter: level 2 locally masks text whatever the server says", () => {
  const m = mergeMasking({ level: 2 }, { level: 1 });
  expect(shouldMaskText(m, el("p"))).toBe(true);
});

test("an unmask selector loosens only when the other side does not mask that text", () => {
  const bothUnmask = mergeMasking(
    { level: 2, unmaskTextSelector: ".price" },
    { level: 2, unmaskTextSelector: ".price" },
  );
  expect(shouldMaskText(bothUnmask, el(".price"))).toBe(false);
  const onlyLocal = mergeMasking({ level: 2, unmaskTextSelector: ".price" }, { level: 2 });
  expect(shouldMaskText(onlyLocal, el(".price"))).toBe(true);
  const remoteMasksSelector = mergeMasking(
    { level: 2, unmaskTextSelector: ".price" },
    { level: 1, maskTextSelector: ".price" },
  );
  expect(shouldMaskText(remoteMasksSelector, el(".price"))).toBe(true);
});

test("mask selectors from either side add up", () => {
  const m = mergeMasking(
    { maskTextSelector: ".local-secret" },
    { level: 1, maskTextSelector: ".server-secret" },
  );
  expect(shouldMaskText(m, el(".local-secret"))).toBe(true);
  expect(shouldMaskText(m, el(".server-secret"))).toBe(true);
  expect(shouldMaskText(m, el(".other"))).toBe(false);
});

test("data-rewind-mask masks and data-rewind-unmask cannot undo the other side", () => {
  const m = mergeMasking({}, { level: 1 });
  expect(shouldMaskText(m, el("[data-rewind-mask]"))).toBe(true);
  const level2 = mergeMasking({}, { level: 2 });
  expect(shouldMaskText(level2, el("[data-rewind-unmask]"))).toBe(false);
  const mixed = mergeMasking({ maskTextSelector: ".x" }, { level: 2 });
  expect(shouldMaskText(mixed, el("[data-rewind-unmask]", ".x"))).toBe(true);
});

test("an invalid mask selector fails closed", () => {
  const m = mergeMasking({ maskTextSelector: "!!not a selector" }, { level: 1 });
  expect(shouldMaskText(m, el("p"))).toBe(true);
});

test("block selectors from both sides and the attribute are all blocked", () => {
  const m = mergeMasking({ blockSelector: ".ad" }, { level: 3, blockSelector: ".card-form" });
  expect(m.blockSelector.split(", ").sort()).toEqual([".ad", ".card-form", "[data-rewind-block]"]);
});

test("blocked page patterns from either side are never recorded", () => {
  const m = mergeMasking({ blockUrls: ["/admin"] }, { level: 4, blockUrls: ["/billing"] });
  expect(m.blockUrls.sort()).toEqual(["/admin", "/billing"]);
});

test("a custom mask function cannot return the value unmasked, nor touch passwords", () => {
  const opts = recordMaskingOptions(mergeMasking({}, { level: 1 }), { maskInputFn: (t) => t });
  const text = { type: "text", getAttribute: () => null } as unknown as HTMLElement;
  const password = { type: "password", getAttribute: () => null } as unknown as HTMLElement;
  expect(opts.maskInputFn("secret value", text)).toBe("****** *****");
  expect(opts.maskInputFn("hunter2", password)).toBe("*******");
  const keepLength = recordMaskingOptions(mergeMasking({}, null), {
    maskInputFn: (t) => "•".repeat(t.length),
  });
  expect(keepLength.maskInputFn("abc", text)).toBe("•••");
});

test("masking keeps the shape of text but none of its characters", () => {
  expect(maskChars("Card 4929 1234")).toBe("**** **** ****");
});

test("people blocked on either side are never recorded", () => {
  const m = mergeMasking(
    { blockPersons: [{ property: "distinctId", value: "ceo@acme.test" }] },
    { level: 4, blockPersons: [{ property: "plan", value: "enterprise" }] },
  );
  expect(personBlocked(m.blockPersons, "ceo@acme.test", {})).toBe(true);
  expect(personBlocked(m.blockPersons, "bob@acme.test", { plan: "enterprise" })).toBe(true);
  expect(personBlocked(m.blockPersons, "bob@acme.test", { plan: "growth" })).toBe(false);
  expect(personBlocked(m.blockPersons, "bob@acme.test", {})).toBe(false);
});

test("typed text is masked at level 1: textareas, outputs and ARIA textboxes", () => {
  const m = mergeMasking({}, { level: 1 });
  expect(shouldMaskText(m, el("textarea"))).toBe(true);
  expect(shouldMaskText(m, el("output"))).toBe(true);
  expect(shouldMaskText(m, el("[role=textbox]"))).toBe(true);
  expect(shouldMaskText(m, el("[role=combobox]"))).toBe(true);
  expect(shouldMaskText(m, el("[data-rewind-unmask]", "[role=textbox]"))).toBe(true);
});

test("a choice is revealed only where both sides unmask it and neither masks it", () => {
  const m = mergeMasking({}, { level: 1 });
  expect(revealsChoice(m, el("p"))).toBe(false);
  expect(revealsChoice(m, el("[data-rewind-unmask]"))).toBe(true);
  expect(revealsChoice(mergeMasking({ unmaskTextSelector: ".plan" }, { level: 1 }), el(".plan"))).toBe(false);
  expect(
    revealsChoice(mergeMasking({}, { level: 1, maskTextSelector: ".x" }), el("[data-rewind-unmask]", ".x")),
  ).toBe(false);
});

test("a choice's value is one fixed mark, so its length does not tell the options apart", () => {
  const m = mergeMasking({}, { level: 1 });
  const select = {
    type: "select-one",
    getAttribute: () => null,
    closest: () => null,
  } as unknown as HTMLElement;
  expect(maskValue(m, "express", select)).toBe("***");
  expect(maskValue(m, "standard-delivery", select)).toBe("***");
});
