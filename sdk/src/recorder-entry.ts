import type { StartCanvasSampler } from "./canvas";
import type { CapturePlugins } from "./capture";
import type { PagePlugins } from "./page-signals";
import { Recorder, type RecorderSetup } from "./recorder";

type Globals = Window & {
  __rewindRecorder?: (setup: RecorderSetup) => Recorder;
  __rewindCanvas?: StartCanvasSampler;
  __rewindCapture?: CapturePlugins;
  __rewindSignals?: PagePlugins;
};

// The optional parts sit next to this file (public/sdk/*.js), wherever the site serves it from.
const here = (document.currentScript as HTMLScriptElement | null)?.src ?? "";

/** Fetches public/sdk/<file> once; it hands what it holds over in window[global]. */
function loadPart<K extends "__rewindCanvas" | "__rewindCapture" | "__rewindSignals">(
  file: string,
  global: K,
): () => Promise<NonNullable<Globals[K]>> {
  let loading: Promise<NonNullable<Globals[K]>> | undefined;
  return () => {
    const w = window as Globals;
    loading ??= new Promise((resolve, reject) => {
      const part = w[global];
      if (part) return resolve(part as NonNullable<Globals[K]>);
      const tag = document.createElement("script");
      tag.async = true;
      tag.src = new URL(file, here || location.href).href;
      tag.onload = () => {
        const loaded = w[global];
        if (loaded) resolve(loaded as NonNullable<Globals[K]>);
        else reject(new Error(`${file} missing`));
      };
      tag.onerror = () => {
        loading = undefined;
        reject(new Error(`${file} failed to load`));
      };
      document.head.appendChild(tag);
    });
    return loading;
  };
}

const loadCanvas = loadPart("canvas.js", "__rewindCanvas");
const loadCapture = loadPart("capture.js", "__rewindCapture");
const loadSignals = loadPart("signals.js", "__rewindSignals");

// The loader's tag may turn page signals off (data-vitals="false", data-forms="false",
// data-click-offsets="false"); read here
// rather than in the loader, whose every byte is fetched on every page.
const tag = document.querySelector<HTMLScriptElement>("script[data-key]")?.dataset ?? {};

// The lazily loaded bundle (public/sdk/recorder.js) only hands its factory to the loader.
(window as Globals).__rewindRecorder = (setup) => {
  for (const k of ["vitals", "forms", "clickOffsets"] as const)
    if (tag[k] === "false") setup.options[k] ??= false;
  return new Recorder(Object.assign(setup, { loadCanvas, loadCapture, loadSignals }));
};
