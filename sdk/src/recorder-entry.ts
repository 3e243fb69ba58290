import type { StartCanvasSampler } from "./canvas";
import { Recorder, type RecorderSetup } from "./recorder";

type Globals = Window & {
  __rewindRecorder?: (setup: RecorderSetup) => Recorder;
  __rewindCanvas?: StartCanvasSampler;
};

// The canvas sampler sits next to this file (public/sdk/canvas.js), wherever the site serves it from.
const here = (document.currentScript as HTMLScriptElement | null)?.src ?? "";

function loadCanvas(): Promise<StartCanvasSampler> {
  const w = window as Globals;
  return new Promise((resolve, reject) => {
    if (w.__rewindCanvas) return resolve(w.__rewindCanvas);
    const tag = document.createElement("script");
    tag.async = true;
    tag.src = new URL("canvas.js", here || location.href).href;
    tag.onload = () => (w.__rewindCanvas ? resolve(w.__rewindCanvas) : reject(new Error("canvas missing")));
    tag.onerror = () => reject(new Error("canvas sampler failed to load"));
    document.head.appendChild(tag);
  });
}

// The lazily loaded bundle (public/sdk/recorder.js) only hands its factory to the loader.
(window as Globals).__rewindRecorder = (setup) => new Recorder(Object.assign(setup, { loadCanvas }));
