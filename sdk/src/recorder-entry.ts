import { Recorder, type RecorderSetup } from "./recorder";

// The lazily loaded bundle (public/sdk/recorder.js) only hands its factory to the loader.
(window as Window & { __rewindRecorder?: (setup: RecorderSetup) => Recorder }).__rewindRecorder = (setup) =>
  new Recorder(setup);
