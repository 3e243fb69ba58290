#!/usr/bin/env node
// Builds the SDK: public/sdk/loader.js and public/sdk/recorder.js for the script tag, and an ESM
// build with types in sdk/dist for bundlers. Prints the gzip -9 sizes against their budgets.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { rrwebSlim, slimRecord } from "./rrweb-slim.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "public", "sdk");
mkdirSync(out, { recursive: true });

export const BUDGETS = {
  "loader.js": 3 * 1024,
  "recorder.js": 24 * 1024,
  "canvas.js": 2 * 1024,
  "capture.js": 2 * 1024,
  // 7.35 KB before click offsets (sdk/src/click-offset.ts, +0.52 KB): 8 KB.
  "signals.js": 8 * 1024,
};

const browser = {
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
  plugins: [rrwebSlim],
};
await build({ ...browser, entryPoints: [join(here, "src/loader.ts")], outfile: join(out, "loader.js") });
// Canvas frames: a separate file the recorder fetches only when canvas recording is on.
await build({
  ...browser,
  entryPoints: [join(here, "src/canvas-entry.ts")],
  outfile: join(out, "canvas.js"),
});
// Console and network capture: fetched only when the workspace turned either on.
await build({
  ...browser,
  entryPoints: [join(here, "src/capture-entry.ts")],
  outfile: join(out, "capture.js"),
});
// Web Vitals (the web-vitals package's plain build) and form submissions: fetched after
// recording starts, unless the page turned both off.
await build({
  ...browser,
  entryPoints: [join(here, "src/signals-entry.ts")],
  outfile: join(out, "signals.js"),
});

/**
 * Private members of the recorder's own classes (Recorder, Transport, SessionManager), renamed to
 * short names in recorder.js only. A name is listed only if it is ours alone: the build fails if
 * it appears in @rrweb/record or in another public/sdk file (those talk to the recorder through
 * objects whose property names must stay as they are), or is no longer in the recorder's source.
 */
const MANGLED = [
  "beaconSplit",
  "beforeRecording",
  "blockedPage",
  "chooseMode",
  "cleanups",
  "deps",
  "drainWithBeacon",
  "enqueue",
  "exitListeners",
  "fitted",
  "halves",
  "lastPageview",
  "lastTouch",
  "leaveCompressed",
  "leaving",
  "navigationListeners",
  "newAnonymousId",
  "onEvent",
  "pauseForStorm",
  "personBlocked",
  "previousSessionId",
  "pump",
  "resendCanvas",
  "retryNow",
  "running",
  "sending",
  "setLimits",
  "snapshotFlush",
  "startRrweb",
  "stopRrweb",
  "stormPause",
  "takeAll",
  "transport",
  "trimBuffer",
  "unloading",
  "wake",
];
/**
 * Internal names of @rrweb/record's record code (its managers' and mutation buffer's fields, the
 * callbacks record() hands its observers, its serializer's options, record()'s options: our one
 * call passes them in this bundle; the page's own maskInputFn and maskTextFn are read by their
 * quoted names in recorder.ts), renamed the same way. A name
 * is listed only if it is rrweb's own: the build fails if rrweb spells it in quotes (read by name),
 * if it is a DOM or JavaScript name (lib.dom.d.ts, lib.es*.d.ts), a name of rrweb's event types
 * (@rrweb/types: what the events hold) or of another public/sdk file, or is no longer in rrweb.
 */
const MANGLED_RRWEB = `addCustomEvent addedSet addIframe addLoadListener addShadowRoot adoptedStyleSheetCb
  adoptStyleSheets attachLinkElement attributeMap bypassOptions canvasManager canvasMutationCb
  checkoutEveryNms checkoutEveryNth collectFonts crossOriginIframeMap crossOriginIframeRootIdMap
  cssCaptured customElementCb droppedSet errorHandler fontCb genAdds genTextAreaValueMutation
  handleMessage headFavicon
  headMetaRobots headMetaSocial headMetaVerification headTitleMutations headWhitespace idNodeMap
  idStyleMap iframeLoadTimeout iframeManager ignoreClass ignoreCSSAttributes ignoreSelector
  inlineImages inlineStylesheet inOtherBuffer inputCb keepIframeSrcFn loadListener mapRemoves
  maskAllInputs maskInputFn maskInputOptions maskTextFn mediaInteractionCb mirror
  mouseInteractionCb mousemoveCb mousemoveWait movedMap movedSet mutationCb mutationObserverCtor
  needsMask newlyAddedElement nodeMap nodeMetaMap nowTimestamp observeAttachShadow onIframeLoad
  onRecording onSerialize onStylesheetLoad packFn patchAttachShadow prepareSnapshot
  mutationSlices emitPending
  preserveWhiteSpace processedNodeManager processMutation recordAfter recordCrossOriginIframes
  recordDOM removesSubTreeCache restoreHandlers scrollCb selectionCb shadowDomManager shadowDoms
  skipChild sliced slimDOM slimDOMOptions styleDeclarationCb styleIDMap styleMirror
  stylesheetLoadTimeout stylesheetManager styleSheetRuleCb takeFullSnapshot trackedLinkElements
  trackLinkElement trackStylesheetInLinkElement unattachedDoc userTriggeredOnInput
  viewportResizeCb wrappedEmit`.split(/\s+/);
const rrwebDist = slimRecord(readFileSync(join(root, "node_modules/@rrweb/record/dist/record.js"), "utf8"));
const otherParts = ["loader.js", "canvas.js", "capture.js", "signals.js"].map((f) =>
  readFileSync(join(out, f), "utf8"),
);
const ownSource = ["recorder.ts", "transport.ts", "session.ts"]
  .map((f) => readFileSync(join(here, "src", f), "utf8"))
  .join("\n");
const dtsIn = (dir, pick) =>
  readdirSync(dir)
    .filter(pick)
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");
const platformNames =
  dtsIn(join(root, "node_modules/typescript/lib"), (f) => /^lib\.(dom|es)/.test(f)) +
  dtsIn(join(root, "node_modules/@rrweb/types/dist"), (f) => f.endsWith(".d.ts"));
const word = (name) => new RegExp(`\\b${name}\\b`);
for (const name of MANGLED) {
  if (
    word(name).test(rrwebDist) ||
    otherParts.some((part) => word(name).test(part)) ||
    !word(name).test(ownSource)
  )
    throw new Error(`sdk build: "${name}" is not a private name of the recorder's alone; unlist it`);
}
const notRrwebs = MANGLED_RRWEB.filter(
  (name) =>
    !word(name).test(rrwebDist) ||
    new RegExp(`["'\`]${name}["'\`]`).test(rrwebDist) ||
    word(name).test(platformNames) ||
    otherParts.some((part) => word(name).test(part)),
);
if (notRrwebs.length)
  throw new Error(
    `sdk build: not internal names of rrweb's record code, unlist them: ${notRrwebs.join(", ")}`,
  );
await build({
  ...browser,
  entryPoints: [join(here, "src/recorder-entry.ts")],
  outfile: join(out, "recorder.js"),
  mangleProps: new RegExp(`^(?:${[...MANGLED, ...MANGLED_RRWEB].join("|")})$`),
  // Class fields as assignments, which mangleProps renames (esbuild's defineProperty helper for
  // them takes the name as a string it leaves alone); none of these classes has accessors or a
  // base class, so the two are the same here.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
});
// A name still used as a property in recorder.js (`.name`, `{name:`, or a helper's `(this,"name"`
// argument) was not renamed everywhere: the renamed reads would miss it.
const recorderJs = readFileSync(join(out, "recorder.js"), "utf8");
// (The page's maskInputFn and maskTextFn, read by quoted name, are printed as `.maskInputFn`.)
const pageReads = ["maskInputFn", "maskTextFn"];
const unrenamed = [...MANGLED, ...MANGLED_RRWEB.filter((name) => !pageReads.includes(name))].filter((name) =>
  new RegExp(`\\.${name}\\b|[{,]${name}:|,"${name}"`).test(recorderJs),
);
if (unrenamed.length) throw new Error(`sdk build: recorder.js still spells ${unrenamed.join(", ")}`);
await build({
  entryPoints: [join(here, "src/index.ts"), join(here, "src/react.tsx")],
  outdir: join(here, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  external: ["react", "react/jsx-runtime"],
  jsx: "automatic",
  logLevel: "warning",
  plugins: [rrwebSlim],
});
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(here, "tsconfig.build.json")],
  { stdio: "inherit" },
);

let over = false;
for (const [file, budget] of Object.entries(BUDGETS)) {
  const bytes = readFileSync(join(out, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  over ||= gz > budget;
  console.log(
    `sdk: ${file.padEnd(12)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KB, gzip ${(gz / 1024).toFixed(2)} KB (budget ${budget / 1024} KB)${gz > budget ? "  OVER BUDGET" : ""}`,
  );
}
if (over && process.argv.includes("--strict")) process.exit(1);
