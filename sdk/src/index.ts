import { createClient } from "./client";

export type { MaskingLevel, MaskingOptions, RemoteConfig, RewindApi, RewindOptions } from "./types";

/** The SDK for bundlers: `import { rewind } from "@rewind/sdk"; rewind.init("pk_…", { apiHost })`. */
export const rewind = createClient(async () => {
  const { Recorder } = await import("./recorder");
  const loadCanvas = async () => (await import("./canvas")).startCanvasSampler;
  const loadCapture = () => import("./capture-plugins");
  return (setup) => new Recorder(Object.assign(setup, { loadCanvas, loadCapture }));
});

export default rewind;
