import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { mergeMasking } from "../src/privacy";
import { type RecordedEvent, scrubEvent } from "../src/scrub";

beforeEach(() => vi.stubGlobal("location", { href: "https://shop.example/cart" }));
afterEach(() => vi.unstubAllGlobals());

const m = mergeMasking({}, null);
const none = () => null;
const element = (
  id: number,
  tagName: string,
  attributes: Record<string, unknown>,
  childNodes: unknown[] = [],
) => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});

test("a toggle button's aria-pressed is removed like aria-checked: which was pressed is a choice", () => {
  const snapshot = {
    type: 2,
    data: { node: element(1, "button", { "aria-pressed": "true", "aria-checked": "true", class: "bold" }) },
  };
  scrubEvent(snapshot, m, none);
  expect(snapshot.data.node.attributes).toEqual({ class: "bold" });
  const later = {
    type: 3,
    data: {
      source: 0,
      adds: [],
      texts: [],
      removes: [],
      attributes: [{ id: 1, attributes: { "aria-pressed": "false" } }],
    },
  };
  scrubEvent(later, m, none);
  expect(later.data.attributes[0]!.attributes).toEqual({});
});

test("URLs in style attributes and stylesheets' text lose their secrets, in snapshots and mutations", () => {
  const snapshot = {
    type: 2,
    data: {
      node: element(1, "div", { style: "background:url(/bg.png?token=snap)" }, [
        element(2, "style", { _cssText: ".a{background:url('/s.png?auth=css')}" }),
      ]),
    },
  };
  scrubEvent(snapshot, m, none);
  expect(JSON.stringify(snapshot)).not.toMatch(/snap|css'/);
  expect(snapshot.data.node.attributes.style).toBe(
    "background:url(https://shop.example/bg.png?token=%5Bredacted%5D)",
  );
  const mutation = {
    type: 3,
    data: {
      source: 0,
      removes: [],
      // A <style>'s new text node, a text change, a style property set by script.
      adds: [
        {
          parentId: 2,
          nextId: null,
          node: { type: 3, id: 9, textContent: ".b{background:url(/n.png?sig=added)}" },
        },
      ],
      texts: [{ id: 9, value: ".c{background:url(data:image/png;base64,changed)}" }],
      attributes: [{ id: 1, attributes: { style: { "background-image": "url(/p.png?session=prop)" } } }],
    },
  } as RecordedEvent;
  scrubEvent(mutation, m, none);
  expect(JSON.stringify(mutation)).not.toMatch(/added|changed|prop/);
  expect(JSON.stringify(mutation)).toContain("url(data:,)");
});

test("CSSOM rules, declarations and adopted style sheets lose URL secrets", () => {
  const events = [
    { source: 8, id: 2, adds: [{ rule: ".x{background:url(/r.png?token=rule)}", index: 0 }] },
    { source: 13, id: 2, index: [0], set: { property: "background", value: "url(/d.png?key=decl)" } },
    {
      source: 15,
      id: 1,
      styleIds: [1],
      styles: [{ styleId: 1, rules: [{ rule: ".y{background:url(/a.png?auth=adopted)}" }] }],
    },
  ].map((data) => ({ type: 3, data }));
  for (const e of events) expect(scrubEvent(e, m, none)).toBe(true);
  expect(JSON.stringify(events)).not.toMatch(/=rule|decl|adopted/);
});
