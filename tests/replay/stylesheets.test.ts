import { expect, test } from "vitest";
import {
  absoluteCssUrls,
  prepareCss,
  routeFontUrls,
  stateSelectors,
  unreadStylesheets,
} from "@/lib/replay/stylesheets";

/** What the player does to recorded CSS before rrweb rebuilds it. */

const node = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  tagName,
  attributes,
  childNodes,
});

test("unread stylesheets get the server's copy; read ones and <style> text are adapted", () => {
  const snapshot = {
    type: 2,
    data: {
      node: node("html", {}, [
        node("link", { rel: "stylesheet", href: "https://cdn.example/a.css" }),
        node("link", { rel: "stylesheet", href: "https://cdn.example/missing.css" }),
        node("link", { rel: "stylesheet", href: "/read.css", _cssText: "p{color:blue}" }),
        node("style", {}, [{ type: 3, isStyle: true, textContent: "i{color:green}" }]),
      ]),
    },
  };
  const added = {
    type: 3,
    data: {
      source: 0,
      adds: [{ node: node("link", { rel: "stylesheet", href: "https://cdn.example/b.css" }) }],
    },
  };
  const events = [snapshot, added];
  expect(unreadStylesheets(events).sort()).toEqual([
    "https://cdn.example/a.css",
    "https://cdn.example/b.css",
    "https://cdn.example/missing.css",
  ]);
  const copies: Record<string, string> = {
    "https://cdn.example/a.css": "b{x:1}",
    "https://cdn.example/b.css": "u{x:2}",
  };
  const inlined = prepareCss(
    events,
    (h) => copies[h],
    (css) => `/*adapted*/${css}`,
  );
  expect(inlined).toBe(2);
  const json = JSON.stringify(events);
  expect(json).toContain('"_cssText":"/*adapted*/b{x:1}"');
  expect(json).toContain('"_cssText":"/*adapted*/u{x:2}"');
  expect(json).toContain('"_cssText":"/*adapted*/p{color:blue}"');
  expect(json).toContain('"textContent":"/*adapted*/i{color:green}"');
  expect(unreadStylesheets(events)).toEqual(["https://cdn.example/missing.css"]);
});

test("url()s and @imports resolve against the stylesheet's address; data: URIs stay", () => {
  expect(
    absoluteCssUrls(
      `@import 'x.css'; a{background:url(img/a.png)} b{background:url("data:image/png;base64,AA")} i{src:url('/f.woff')}`,
      "https://cdn.example/css/site.css",
    ),
  ).toBe(
    `@import url("https://cdn.example/css/x.css"); a{background:url("https://cdn.example/css/img/a.png")} b{background:url("data:image/png;base64,AA")} i{src:url("https://cdn.example/f.woff")}`,
  );
});

test("only @font-face sources go through the asset route", () => {
  const css = `@font-face{font-family:F;src:url("https://s.example/f.woff2") format("woff2"),url(data:font/woff2;base64,AA)} a{background:url("https://s.example/a.png")}`;
  expect(routeFontUrls(css, (u) => `/assets?url=${encodeURIComponent(u)}`)).toBe(
    `@font-face{font-family:F;src:url("/assets?url=https%3A%2F%2Fs.example%2Ff.woff2") format("woff2"),url(data:font/woff2;base64,AA)} a{background:url("https://s.example/a.png")}`,
  );
});

test(":focus and :active rules also match the replay's state classes", () => {
  expect(
    stateSelectors(
      "a:focus, b{color:red} button:active{color:blue} @media (min-width:1px){i:focus-visible{x:1}}",
    ),
  ).toBe(
    "a:focus, b, a.rw-focus {color:red} button:active, button.rw-active {color:blue} @media (min-width:1px){i:focus-visible, i.rw-focus {x:1}}",
  );
  expect(stateSelectors("a:focus-within{x:1}")).toBe("a:focus-within{x:1}");
  expect(stateSelectors("a{x:1}")).toBe("a{x:1}");
});
