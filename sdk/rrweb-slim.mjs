// An esbuild plugin that drops from @rrweb/record the code the recorder never runs, to keep
// public/sdk/recorder.js small (issue #18). Each cut names the exact text it expects in the pinned
// @rrweb/record dist and fails the build when that text moved, so an rrweb upgrade cannot silently
// ship a broken recorder: re-check the cut against the new version instead.
import { readFile } from "node:fs/promises";

/**
 * rrweb's canvas recording (CanvasManager, its 2D/WebGL patches and an inline worker of ~3 KB) is
 * always off here (recordCanvas: false): canvas frames come from our own lazy sampler (canvas.ts).
 * The record() code still constructs a CanvasManager and calls these five methods on it.
 */
const CANVAS = {
  from: 'var chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";\n',
  to: "class StylesheetManager {\n",
  stub: "class CanvasManager { reset() {} freeze() {} unfreeze() {} lock() {} unlock() {} }\n",
};

/**
 * Cross-origin iframe recording (the parent side that rewrites ids of events posted by a child
 * frame) is off here (recordCrossOriginIframes: false); both callers of handleMessage check it.
 */
const CROSS_ORIGIN = {
  from: "  handleMessage(message) {\n",
  to: "class ShadowDomManager {\n",
  stub: "}\n",
};

/** Web-font capture (FontFace and document.fonts patches) is off here (collectFonts: false). */
const FONTS = {
  from: "function initFontObserver({ fontCb, doc }) {\n",
  to: "function initSelectionObserver(param) {\n",
  stub: "function initFontObserver() {\n  return () => {};\n}\n",
};

function cut(source, { from, to, stub }, label) {
  const start = source.indexOf(from);
  const end = source.indexOf(to, start);
  if (start < 0 || end < 0 || source.indexOf(from, start + 1) >= 0)
    throw new Error(`rrweb-slim: the ${label} cut no longer matches @rrweb/record; re-check it`);
  return source.slice(0, start) + stub + source.slice(end);
}

/**
 * rrweb's TypeScript enums are objects in its dist, read as `EventType.IncrementalSnapshot` at each
 * use: the numbers take fewer bytes. The objects stay for the few places that index them by name.
 */
function inlineEnums(source) {
  const enums = new Map();
  for (const [, name, member, value] of source.matchAll(
    /^ {2}(?<name>\w+)2\[\k<name>2\["(?<member>\w+)"\] = (?<value>\d+)\] = "\k<member>";$/gm,
  ))
    enums.set(`${name}.${member}`, value);
  if (!enums.has("EventType.FullSnapshot"))
    throw new Error("rrweb-slim: rrweb's enums are no longer compiled as expected; re-check inlineEnums");
  return source.replace(/\b([A-Z]\w+)\.([A-Z]\w+)\b/g, (whole, name, member) => {
    const value = enums.get(`${name}.${member}`);
    return value === undefined ? whole : `${value} /* ${member} */`;
  });
}

export const rrwebSlim = {
  name: "rrweb-slim",
  setup(build) {
    build.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async ({ path }) => {
      let source = await readFile(path, "utf8");
      source = cut(source, CANVAS, "canvas");
      source = cut(source, CROSS_ORIGIN, "cross-origin iframe");
      source = cut(source, FONTS, "font");
      source = inlineEnums(source);
      return { contents: source, loader: "js" };
    });
  },
};
