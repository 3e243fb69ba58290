import { startCanvasSampler } from "./canvas";

// public/sdk/canvas.js: fetched by the recorder only when canvas recording is on.
(window as Window & { __rewindCanvas?: typeof startCanvasSampler }).__rewindCanvas = startCanvasSampler;
