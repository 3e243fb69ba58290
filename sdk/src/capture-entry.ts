import { consolePlugin, networkPlugin } from "./capture-plugins";

// public/sdk/capture.js: fetched by the recorder only when console or network capture is on.
(window as Window & { __rewindCapture?: unknown }).__rewindCapture = { consolePlugin, networkPlugin };
