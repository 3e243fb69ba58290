import { consolePlugin, networkPlugin, redactError } from "./capture-plugins";

// public/sdk/capture.js: fetched by the recorder when console or network capture is on, and
// the first time the page throws (errors are redacted here).
(window as Window & { __rewindCapture?: unknown }).__rewindCapture = {
  consolePlugin,
  networkPlugin,
  redactError,
};
