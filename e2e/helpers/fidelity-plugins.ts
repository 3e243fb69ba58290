/** The player's own rrweb plugins, bundled for a replay page served without the app (e2e/fidelity). */
export { canvasFramesPlugin } from "@/components/player/canvas-frames";
export { stateClassesPlugin } from "@/components/player/state-classes";
