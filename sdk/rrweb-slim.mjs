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

/** Replaces the one occurrence of `from` (the build fails if there is none or several). */
function swap(source, from, to, label) {
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + 1) >= 0)
    throw new Error(`rrweb-slim: the ${label} patch no longer matches @rrweb/record; re-check it`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/**
 * Full snapshots in time slices (issue #18 item 3; sdk/src/sliced-snapshot.ts drives them).
 * serializeNodeWithId gets a generator twin that yields after each node, so a snapshot of a big
 * page can be serialized over many tasks. record() takes its snapshots through sliceSnapshot: the
 * page's `prepareSnapshot` option runs the generator between tasks and calls commit(root) with the
 * result, or commit() (rrweb's synchronous snapshot, in that same task) when the page changed
 * meanwhile. Meta, the FullSnapshot event and the observers' start all happen in commit's task, so
 * the recording is what a synchronous snapshot at that moment would have produced. The side
 * effects a serialization has (tracked iframes, stylesheets, shadow roots) are replayed only for
 * the attempt that is committed; load callbacks of abandoned attempts do nothing.
 */
function sliceFullSnapshot(source) {
  const start = source.indexOf("function serializeNodeWithId(n, options) {\n");
  const end = source.indexOf("\nfunction snapshot(n, options) {\n", start);
  if (start < 0 || end < 0)
    throw new Error("rrweb-slim: serializeNodeWithId moved; re-check sliceFullSnapshot");
  let twin = source
    .slice(start, end + 1)
    .replace("function serializeNodeWithId(", "function* serializeNodeWithIdSliced(");
  twin = swap(
    twin,
    "  if (onSerialize) {\n    onSerialize(n);\n  }\n",
    "  if (onSerialize) {\n    onSerialize(n);\n  }\n  yield;\n",
    "sliced serialize yield",
  );
  const recursion = /serializeNodeWithId\(childN, bypassOptions\)/g;
  if (twin.match(recursion)?.length !== 2)
    throw new Error("rrweb-slim: serializeNodeWithId's recursion moved");
  twin = twin.replace(recursion, "(yield* serializeNodeWithIdSliced(childN, bypassOptions))");
  // A twin, not one generator the synchronous callers run to its end: that made every node a
  // mutation adds cost a generator, for 50 bytes of gzip.
  source = source.slice(0, end + 1) + twin + source.slice(end + 1);
  source = swap(
    source,
    "  const slimDOMOptions = slimDOMDefaults(slimDOM);\n  return serializeNodeWithId(n, {\n",
    "  const slimDOMOptions = slimDOMDefaults(slimDOM);\n  return (options.sliced ? serializeNodeWithIdSliced : serializeNodeWithId)(n, {\n",
    "snapshot sliced",
  );
  // The options of a full snapshot, taken out of takeFullSnapshot so a sliced attempt uses the same.
  const optsFrom = "    const node = snapshot(document, {\n";
  const optsAt = source.indexOf(optsFrom);
  const optsEnd = source.indexOf("\n    });\n    if (!node) {\n", optsAt);
  if (optsAt < 0 || optsEnd < 0)
    throw new Error("rrweb-slim: takeFullSnapshot moved; re-check sliceFullSnapshot");
  const opts = source.slice(optsAt + optsFrom.length, optsEnd);
  source = `${source.slice(0, optsAt)}    const node = prepared ? prepared() : snapshot(document, snapshotOptions());${source.slice(optsEnd + "\n    });".length)}`;
  source = swap(
    source,
    "  takeFullSnapshot = (isCheckout = false) => {\n",
    `  const snapshotOptions = () => ({\n${opts}\n  });
  let slicing = false;
  let stopped = false;
  sliceSnapshot = (isCheckout, then) => {
    if (slicing) return;
    slicing = true;
    let serialized = [];
    let committed = false;
    // Changes inside shadow roots and frames escape the document's MutationObserver that tells
    // whether an attempt is still true: a page with either gets rrweb's synchronous snapshot.
    let unobserved = false;
    const o = snapshotOptions();
    const { onSerialize, onIframeLoad, onStylesheetLoad } = o;
    Object.assign(o, {
      sliced: true,
      onSerialize: (n) => {
        if (n.nodeName === "IFRAME" || index.shadowRoot(n)) unobserved = true;
        if (n.nodeName === "LINK") serialized.push(n);
      },
      onIframeLoad: (a, b) => committed && onIframeLoad(a, b),
      onStylesheetLoad: (a, b) => committed && onStylesheetLoad(a, b),
    });
    const attempt = () => {
      serialized = [];
      return stopped ? null : snapshot(document, o);
    };
    const commit = (root) => {
      if (stopped) return (slicing = false);
      committed = true;
      // Still "slicing" while it is taken: the waiting mutations it emits first must not start
      // another checkpoint.
      try {
        takeFullSnapshot(isCheckout, root && !unobserved && (() => (serialized.forEach(onSerialize), root)));
      } finally {
        slicing = false;
      }
      then && then();
    };
    prepareSnapshot ? prepareSnapshot(attempt, commit) : commit();
  };
  takeFullSnapshot = (isCheckout = false, prepared) => {\n`,
    "takeFullSnapshot",
  );
  source = swap(source, "        takeFullSnapshot(true);\n", "        sliceSnapshot(true);\n", "checkout");
  source = swap(
    source,
    "    const init = () => {\n      takeFullSnapshot();\n      handlers.push(observe(document));\n      recording = true;\n    };\n",
    "    const init = () => sliceSnapshot(false, () => {\n      handlers.push(observe(document));\n      recording = true;\n      options.onRecording && options.onRecording();\n    });\n",
    "init",
  );
  source = swap(
    source,
    "    return () => {\n      handlers.forEach((handler) => {\n",
    "    return () => {\n      stopped = true;\n      handlers.forEach((handler) => {\n",
    "stop",
  );
  source = swap(
    source,
    "  takeFullSnapshot(isCheckout);\n};\n",
    "  sliceSnapshot(isCheckout);\n};\n",
    "record.takeFullSnapshot",
  );
  source = swap(
    source,
    "let takeFullSnapshot;\n",
    "let takeFullSnapshot;\nlet sliceSnapshot;\nlet prepareSnapshot;\n",
    "declarations",
  );
  source = swap(
    source,
    "  mirror.reset();\n",
    "  mirror.reset();\n  prepareSnapshot = options.prepareSnapshot;\n",
    "prepareSnapshot option",
  );
  return source;
}

/**
 * rrweb's blockClass and maskTextClass may be a RegExp as well as a class name; ours are always
 * rrweb's default names (recorder.ts passes neither), so the RegExp branches and their helper go.
 */
function stringClasses(source) {
  source = swap(
    source,
    '    if (typeof blockClass === "string") {\n      if (element.classList.contains(blockClass)) {\n        return true;\n      }\n    } else {\n      for (let eIndex = element.classList.length; eIndex--; ) {\n        const className = element.classList[eIndex];\n        if (blockClass.test(className)) {\n          return true;\n        }\n      }\n    }\n',
    "    if (element.classList.contains(blockClass)) {\n      return true;\n    }\n",
    "blocked element class",
  );
  source = swap(
    source,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: rrweb's own source text, matched as written
    '    if (typeof maskTextClass === "string") {\n      if (checkAncestors) {\n        if (el.closest(`.${maskTextClass}`)) return true;\n      } else {\n        if (el.classList.contains(maskTextClass)) return true;\n      }\n    } else {\n      if (classMatchesRegex(el, maskTextClass, checkAncestors)) return true;\n    }\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: rrweb's own source text, matched as written
    "    if (checkAncestors) {\n      if (el.closest(`.${maskTextClass}`)) return true;\n    } else {\n      if (el.classList.contains(maskTextClass)) return true;\n    }\n",
    "mask text class",
  );
  source = swap(
    source,
    '    if (typeof blockClass === "string") {\n      if (el.classList.contains(blockClass)) return true;\n      if (checkAncestors && el.closest("." + blockClass) !== null) return true;\n    } else {\n      if (classMatchesRegex(el, blockClass, checkAncestors)) return true;\n    }\n',
    '    if (el.classList.contains(blockClass)) return true;\n    if (checkAncestors && el.closest("." + blockClass) !== null) return true;\n',
    "blocked class",
  );
  const from = source.indexOf("function classMatchesRegex(node, regex, checkAncestors) {\n");
  const to = source.indexOf("function needMaskingText(", from);
  if (from < 0 || to < 0 || /classMatchesRegex\(/.test(source.slice(0, from) + source.slice(to)))
    throw new Error("rrweb-slim: classMatchesRegex moved or is used elsewhere; re-check stringClasses");
  return source.slice(0, from) + source.slice(to);
}

/**
 * No forced layout while recording (issue #18 item 2). serializeElementNode reads each element's
 * scrollLeft and scrollTop unless it is newly added, and reading either after the page changed the
 * DOM forces a synchronous layout: of the whole table, on a page that appends 500 rows to one.
 * rrweb skips the reads for the node a mutation added but not for its descendants (they get
 * rrweb's default, false): every burst paid a layout inside the page's own task, which the
 * browser would otherwise do in its rendering step, outside any task the page is blamed for. A
 * subtree just added has not been scrolled, so its descendants skip the reads too. (A full
 * snapshot still reads them, in its slices: reading them all at its commit instead cost a 50k-node
 * page ~40 ms more in that one task — docs/ARCHITECTURE.md §10, session 14.)
 */
function noForcedLayout(source) {
  return swap(
    source,
    "      keepIframeSrcFn,\n      cssCaptured: false\n    };\n",
    "      keepIframeSrcFn,\n      newlyAddedElement,\n      cssCaptured: false\n    };\n",
    "descendants newly added",
  );
}

/**
 * The mirror keeps, for each recorded node, the serialized node rrweb emitted (attributes, text,
 * and for a full snapshot's root the whole tree) although record only ever reads its `id` back
 * (and whether there is one), and record() keeps the last full snapshot event whole although it
 * only reads its timestamp: after the batch was sent, that copy of the page was the largest thing
 * the recorder kept. The mirror keeps the id itself (a small integer: no object per node) and
 * record() the snapshot's timestamp. (Bare rrweb's heap holds those objects in its events; ours
 * need not.)
 */
function slimMirror(source) {
  source = swap(
    source,
    "    const id = (_a2 = this.getMeta(n)) == null ? void 0 : _a2.id;\n",
    "    const id = this.getMeta(n);\n",
    "mirror getId",
  );
  source = swap(
    source,
    "    this.nodeMetaMap.set(n, meta);\n",
    "    this.nodeMetaMap.set(n, id);\n",
    "mirror add",
  );
  return swap(
    source,
    "      lastFullSnapshotEvent = e;\n",
    "      lastFullSnapshotEvent = { timestamp: e.timestamp };\n",
    "last full snapshot",
  );
}

/**
 * Mutations in time slices (issue #18 item 2). rrweb serializes every node a burst added in one
 * call (MutationBuffer.emit), inside the page's own task: on a page that inserts 500 table rows at
 * once that was one long task per burst. With the `mutationSlices` option ({ ms, later }) emit
 * stops after `ms` and sends what it has as one mutation event; the nodes not serialized yet stay
 * in the buffer's addedSet and `later(run)` continues in a later task (run(true): all at once).
 * A prefix of emit's adds is a consistent event: emit serializes a node only once its parent and
 * next sibling are in the mirror (topmost added ancestor first, siblings from the last), so each
 * add refers only to earlier adds or recorded nodes. Between slices the buffer is in the state
 * rrweb itself is in while frozen (added nodes waiting in addedSet while new records are
 * processed), and the texts, attributes and removes already sent are cleared as after an emit;
 * the moves merged into addedSet too. Before a full snapshot what waits is emitted at once (the
 * snapshot holds those nodes; an add after it would duplicate them), and a stopped recording's
 * buffers are forgotten so a later snapshot does not wake them.
 */
function sliceMutations(source) {
  source = swap(
    source,
    '    __publicField(this, "emit", () => {\n      if (this.frozen || this.locked) {\n        return;\n      }\n      const adds = [];\n',
    `    __publicField(this, "emit", (force) => {
      if (this.frozen || this.locked) {
        return;
      }
      const slices = mutationSlices;
      const deadline = force || !slices ? Infinity : performance.now() + slices.ms;
      let partial = false;
      let serialized = 0;
      const adds = [];\n`,
    "sliced emit",
  );
  source = swap(
    source,
    "      while (this.addedSet.size) {\n        if (n !== null && this.addedSet.has(index.previousSibling(n))) {\n",
    `      while (this.addedSet.size) {
        if (!(++serialized & 31) && performance.now() > deadline) {
          partial = true;
          break;
        }
        if (n !== null && this.addedSet.has(index.previousSibling(n))) {\n`,
    "sliced emit loop",
  );
  source = swap(
    source,
    "      if (!payload.texts.length && !payload.attributes.length && !payload.removes.length && !payload.adds.length) {\n        return;\n      }\n      this.texts = [];\n      this.attributes = [];\n      this.attributeMap = /* @__PURE__ */ new WeakMap();\n      this.removes = [];\n      this.addedSet = /* @__PURE__ */ new Set();\n",
    `      if (partial && !this.emitPending) {
        this.emitPending = true;
        slices.later((all) => {
          this.emitPending = false;
          this.emit(all);
        });
      }
      if (!payload.texts.length && !payload.attributes.length && !payload.removes.length && !payload.adds.length) {
        return;
      }
      this.texts = [];
      this.attributes = [];
      this.attributeMap = /* @__PURE__ */ new WeakMap();
      this.removes = [];
      if (!partial) this.addedSet = /* @__PURE__ */ new Set();\n`,
    "sliced emit reset",
  );
  source = swap(
    source,
    "  takeFullSnapshot = (isCheckout = false, prepared) => {\n    if (!recordDOM) {\n      return;\n    }\n",
    "  takeFullSnapshot = (isCheckout = false, prepared) => {\n    if (!recordDOM) {\n      return;\n    }\n    mutationBuffers.forEach((buf) => buf.emit(true));\n",
    "drain before snapshot",
  );
  source = swap(
    source,
    "      processedNodeManager.destroy();\n      recording = false;\n",
    "      processedNodeManager.destroy();\n      mutationBuffers.length = 0;\n      recording = false;\n",
    "forget buffers",
  );
  // The option, bound to this recording: a stopped one's pending slices do nothing.
  source = swap(
    source,
    "  prepareSnapshot = options.prepareSnapshot;\n",
    `  prepareSnapshot = options.prepareSnapshot;
  mutationSlices = options.mutationSlices && {
    ms: options.mutationSlices.ms,
    later: (run) => options.mutationSlices.later((all) => stopped || run(all)),
  };\n`,
    "mutationSlices option",
  );
  return swap(
    source,
    "let prepareSnapshot;\n",
    "let prepareSnapshot;\nlet mutationSlices;\n",
    "mutationSlices declaration",
  );
}

/**
 * The id maps of cross-origin iframes (off, see CROSS_ORIGIN): what is left of the parent side
 * only resets them when a frame loads.
 */
const CROSS_ORIGIN_MIRROR = {
  from: "class CrossOriginIframeMirror {\n",
  to: "class IframeManager {\n",
  stub: "class CrossOriginIframeMirror { reset() {} }\n",
};

/** The record() `hooks` option (callbacks around each observer's) is never passed here. */
const HOOKS = {
  from: "function mergeHooks(o, hooks) {\n",
  to: "function initObservers(o, hooks = {}) {\n",
  stub: "function mergeHooks() {}\n",
};

/**
 * Canvas pixels and inlined images in the snapshot (recordCanvas and inlineImages are always off
 * here: canvas frames come from canvas.ts, images replay from their URLs).
 */
const SNAPSHOT_PIXELS = {
  from: '  if (tagName === "canvas" && recordCanvas) {\n',
  to: '  if (["audio", "video"].includes(tagName)) {\n',
  stub: "",
};

/**
 * rrdom's virtual node class: record only asks whether a real node has a shadow root, never an
 * rrdom node (rrdom is the replayer's).
 */
const RRDOM_NODE = {
  from: "class BaseRRNode {\n",
  to: "function on(type, fn, target = document) {\n",
  stub: "",
};
const RRDOM_SHADOW = {
  from: '  if (n instanceof BaseRRNode && "shadowRoot" in n) {\n    return Boolean(n.shadowRoot);\n  }\n',
  to: "  return Boolean(index.shadowRoot(n));\n",
  stub: "",
};

/** rrweb's deprecated global `mirror` export (warnings through a Proxy); record.mirror is what we read. */
const LEGACY_MIRROR = {
  from: "const DEPARTED_MIRROR_ACCESS_WARNING =",
  to: "function throttle(func, wait, options = {}) {\n",
  stub: "",
};

function cut(source, { from, to, stub }, label) {
  const start = source.indexOf(from);
  const end = source.indexOf(to, start);
  if (start < 0 || end < 0 || source.indexOf(from, start + 1) >= 0)
    throw new Error(`rrweb-slim: the ${label} cut no longer matches @rrweb/record; re-check it`);
  const kept = source.slice(0, start) + stub + source.slice(end);
  // A cut must not take away a declaration the rest still uses (it would be an undefined global).
  for (const [, name] of source.slice(start, end).matchAll(/^(?:function\*?|class) (\w+)/gm))
    if (
      !new RegExp(`^(?:function\\*?|class|const|let|var) ${name}\\b`, "m").test(stub) &&
      new RegExp(`\\b${name}\\b`).test(kept)
    )
      throw new Error(`rrweb-slim: the ${label} cut removes ${name}, which is still used`);
  return kept;
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

/**
 * rrweb's class fields are compiled to `__publicField(this, "name", value)` calls (a defineProperty
 * when the name is inherited). None of rrweb's record classes extends another or has accessors, so
 * a plain assignment is the same thing, in fewer bytes; a field declared without a value is left
 * out (read before it is set it is undefined either way, and no record code asks `"name" in obj`).
 */
function plainFields(source) {
  if (/^class \w+ extends |^ {2}(?:get|set) \w+\(/m.test(source))
    throw new Error("rrweb-slim: a record class extends another or has accessors; re-check plainFields");
  const before = source.length;
  source = source
    .replace(/ *__publicField\(this, "\w+"\);\n/g, "")
    .replace(/__publicField\(this, "(\w+)", /g, "this.$1 = (");
  if (source.includes("__publicField(this") || source.length === before)
    throw new Error(
      "rrweb-slim: rrweb's class fields are no longer compiled as expected; re-check plainFields",
    );
  return source;
}

/**
 * Options the recorder never sets, and the branches only they reach: emitting into a parent frame
 * (recordCrossOriginIframes), packFn, the deprecated mousemoveWait, checkoutEveryNth, the slimDOM
 * rules we leave off (description/keywords, http-equiv, authorship metas), and the NodeList
 * forEach polyfill and viewport fallbacks for browsers older than our es2020 target.
 */
const DEAD_OPTIONS = [
  [
    '  const inEmittingFrame = recordCrossOriginIframes ? window.parent === window : true;\n  let passEmitsToParent = false;\n  if (!inEmittingFrame) {\n    try {\n      if (window.parent.document) {\n        passEmitsToParent = false;\n      }\n    } catch (e) {\n      passEmitsToParent = true;\n    }\n  }\n  if (inEmittingFrame && !emit) {\n    throw new Error("emit function is required");\n  }\n  if (!inEmittingFrame && !passEmitsToParent) {\n    return () => {\n    };\n  }\n  if (mousemoveWait !== void 0 && sampling.mousemove === void 0) {\n    sampling.mousemove = mousemoveWait;\n  }\n',
    "",
  ],
  [
    "    if (packFn && // Disable packing events which will be emitted to parent frames.\n    !passEmitsToParent) {\n      e = packFn(e);\n    }\n",
    "",
  ],
  [
    '    if (inEmittingFrame) {\n      emit == null ? void 0 : emit(eventProcessor(e), isCheckout);\n    } else if (passEmitsToParent) {\n      const message = {\n        type: "rrweb",\n        event: eventProcessor(e),\n        origin: window.location.origin,\n        isCheckout\n      };\n      window.parent.postMessage(message, "*");\n    }\n',
    "    emit(eventProcessor(e), isCheckout);\n",
  ],
  [
    "      const exceedCount = checkoutEveryNth && incrementalSnapshotCount >= checkoutEveryNth;\n      const exceedTime = checkoutEveryNms && e.timestamp - lastFullSnapshotEvent.timestamp > checkoutEveryNms;\n      if (exceedCount || exceedTime) {\n",
    "      if (checkoutEveryNms && e.timestamp - lastFullSnapshotEvent.timestamp > checkoutEveryNms) {\n",
  ],
  ["  polyfill();\n", ""],
  // The viewport's size and scroll through the window's own properties, which every browser of
  // our es2020 target has (rrweb falls back to documentElement and body for older ones).
  [
    "function getWindowScroll(win) {\n  var _a2, _b, _c, _d;\n  const doc = win.document;\n  return {\n    left: doc.scrollingElement ? doc.scrollingElement.scrollLeft : win.pageXOffset !== void 0 ? win.pageXOffset : doc.documentElement.scrollLeft || (doc == null ? void 0 : doc.body) && ((_a2 = index.parentElement(doc.body)) == null ? void 0 : _a2.scrollLeft) || ((_b = doc == null ? void 0 : doc.body) == null ? void 0 : _b.scrollLeft) || 0,\n    top: doc.scrollingElement ? doc.scrollingElement.scrollTop : win.pageYOffset !== void 0 ? win.pageYOffset : (doc == null ? void 0 : doc.documentElement.scrollTop) || (doc == null ? void 0 : doc.body) && ((_c = index.parentElement(doc.body)) == null ? void 0 : _c.scrollTop) || ((_d = doc == null ? void 0 : doc.body) == null ? void 0 : _d.scrollTop) || 0\n  };\n}\nfunction getWindowHeight() {\n  return window.innerHeight || document.documentElement && document.documentElement.clientHeight || document.body && document.body.clientHeight;\n}\nfunction getWindowWidth() {\n  return window.innerWidth || document.documentElement && document.documentElement.clientWidth || document.body && document.body.clientWidth;\n}\n",
    "function getWindowScroll(win) {\n  return { left: win.scrollX, top: win.scrollY };\n}\nfunction getWindowHeight() {\n  return window.innerHeight;\n}\nfunction getWindowWidth() {\n  return window.innerWidth;\n}\n",
  ],
  [
    "      if (slimDOMOptions.headMetaDescKeywords && lowerIfExists(sn.attributes.name).match(/^description|keywords$/)) {\n        return true;\n      } else if (",
    "      if (",
  ],
  // slimDOMOptions is always an object of ours, never true or "all".
  [
    '  if (_slimDOMOptions === true || _slimDOMOptions === "all") {\n    return {\n      script: true,\n      comment: true,\n      headFavicon: true,\n      headWhitespace: true,\n      headMetaSocial: true,\n      headMetaRobots: true,\n      headMetaHttpEquiv: true,\n      headMetaVerification: true,\n      // the following are off for slimDOMOptions === true,\n      // as they destroy some (hidden) info:\n      headMetaAuthorship: _slimDOMOptions === "all",\n      headMetaDescKeywords: _slimDOMOptions === "all",\n      headTitleMutations: _slimDOMOptions === "all"\n    };\n  } else if (_slimDOMOptions) {\n    return _slimDOMOptions;\n  }\n  return {};\n}\n',
    "  return _slimDOMOptions || {};\n}\n",
  ],
];
const DEAD_SLIM_RULES =
  /\} else if \(slimDOMOptions\.(headMetaHttpEquiv|headMetaAuthorship) && .*\n {8}return true;\n/g;

/** rrweb's table for `maskAllInputs: true`: we pass maskInputOptions (privacy.ts says why). */
const MASK_ALL_INPUTS_TABLE = /maskAllInputs === true \? \{\n(?: {4}[\w"-]+: true,?\n)+ {2}\} : /g;

function dropDeadOptions(source) {
  for (const [i, [from, to]] of DEAD_OPTIONS.entries()) source = swap(source, from, to, `dead option ${i}`);
  if (source.match(MASK_ALL_INPUTS_TABLE)?.length !== 2)
    throw new Error("rrweb-slim: rrweb's maskAllInputs tables moved; re-check MASK_ALL_INPUTS_TABLE");
  source = source.replace(MASK_ALL_INPUTS_TABLE, "");
  if (source.match(DEAD_SLIM_RULES)?.length !== 2)
    throw new Error("rrweb-slim: rrweb's slimDOM rules moved; re-check DEAD_SLIM_RULES");
  return source.replace(DEAD_SLIM_RULES, "");
}

/**
 * rrweb's dist spells `a?.b` as `(_a = a) == null ? void 0 : _a.b`; our es2020 target has optional
 * chaining. Only a chain that ends where the conditional ends (`;`, `)`, `,`, `]`, `}`, `:`) is
 * rewritten, so no operator after it can change what it applies to.
 */
const DOWNLEVELED_CHAIN =
  /\((_[a-z]\d*) = ([^()]*(?:\([^()]*\))?[^()]*)\) == null \? void 0 : \1((?:\.\w+|\([^()]*\))+)(?=\s*(?:[;),\]}:]|$))/gm;

function optionalChains(source) {
  let before;
  do {
    before = source;
    source = source.replace(DOWNLEVELED_CHAIN, (_, _tmp, target, chain) => `${target}?${chain}`);
  } while (source !== before);
  return source;
}

/**
 * MutationBuffer.init copies its options by name (`this[key] = options[key]` over a list of
 * strings); spelled as plain assignments, the names can be renamed at minification (build.mjs).
 */
const BUFFER_INIT =
  /\[\n((?: {6}"\w+",?\n)+) {4}\]\.forEach\(\(key\) => \{\n {6}this\[key\] = options\[key\];\n {4}\}\);\n/g;

function plainBufferInit(source) {
  if (source.match(BUFFER_INIT)?.length !== 1)
    throw new Error("rrweb-slim: MutationBuffer.init moved; re-check plainBufferInit");
  return source.replace(BUFFER_INIT, (_, keys) =>
    [...keys.matchAll(/"(\w+)"/g)].map(([, key]) => `    this.${key} = options.${key};\n`).join(""),
  );
}

/**
 * rrweb's console warnings for states it recovers from on its own (a node it cannot place, a
 * failed snapshot, a custom-element callback or a stop handler that threw): the recorder writes
 * nothing into the page's console (errorHandler swallows rrweb's errors too), and their text was
 * bytes every visitor downloads.
 */
const WARNINGS = [
  [
    / *console\.warn\(\n *"Couldn't record new node\. Couldn't find mirror id for nextSibling:",\n *nextSibling2\n *\);\n/g,
    "",
    1,
  ],
  [/ *console\.warn\(n, "not serialized"\);\n/g, "", 2],
  [/ *console\.warn\(`Custom element callback failed for \$\{name\}`\);\n/g, "", 1],
  [/return console\.warn\("Failed to snapshot the document"\);/g, "return;", 1],
  [/ *console\.debug\("Unable to override Array\.from", err\);\n/g, "", 1],
  // Thrown for a call before recording starts, which the recorder never makes (and guards): still thrown, without the text.
  [
    /throw new Error\("please (?:add custom event|take full snapshot) after start recording"\);/g,
    "throw 0;",
    2,
  ],
  [
    / *const msg = String\(error\)\.toLowerCase\(\);\n *if \(!msg\.includes\("cross-origin"\)\) \{\n *console\.warn\(error\);\n *\}\n/g,
    "",
    1,
  ],
];

function quietWarnings(source) {
  for (const [i, [pattern, to, count]] of WARNINGS.entries()) {
    if (source.match(pattern)?.length !== count)
      throw new Error(`rrweb-slim: rrweb's warning ${i} moved; re-check WARNINGS`);
    source = source.replace(pattern, to);
  }
  return source;
}

/** @rrweb/record's dist as the recorder bundles it. */
export function slimRecord(source) {
  source = cut(source, CANVAS, "canvas");
  source = cut(source, CROSS_ORIGIN, "cross-origin iframe");
  source = cut(source, FONTS, "font");
  source = cut(source, CROSS_ORIGIN_MIRROR, "cross-origin mirror");
  source = cut(source, HOOKS, "hooks");
  source = cut(source, LEGACY_MIRROR, "legacy mirror");
  source = cut(source, SNAPSHOT_PIXELS, "snapshot pixels");
  source = cut(source, RRDOM_SHADOW, "rrdom shadow");
  source = cut(source, RRDOM_NODE, "rrdom node");
  source = slimMirror(source);
  source = noForcedLayout(source);
  source = stringClasses(source);
  source = sliceFullSnapshot(source);
  source = sliceMutations(source);
  source = dropDeadOptions(source);
  source = quietWarnings(source);
  source = inlineEnums(source);
  source = plainFields(source);
  source = plainBufferInit(source);
  return optionalChains(source);
}

export const rrwebSlim = {
  name: "rrweb-slim",
  setup(build) {
    build.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async ({ path }) => {
      return { contents: slimRecord(await readFile(path, "utf8")), loader: "js" };
    });
  },
};
