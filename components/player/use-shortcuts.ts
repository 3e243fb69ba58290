"use client";

import { type RefObject, useEffect } from "react";
import { SPEEDS } from "./use-replay";

/** The player's keys, as the `?` overlay lists them. */
export const SHORTCUTS: [string, string][] = [
  ["Space", "Play / pause"],
  ["← / →", "Back / forward 5 s"],
  ["Shift + ← / →", "Back / forward 15 s"],
  ["Home / End", "Start / end of the recording"],
  ["[ / ]", "Slower / faster"],
  ["f", "Full screen"],
  ["?", "This list"],
];

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

/** The keys of SHORTCUTS, listened to on the document so they work whatever was clicked last. */
export function usePlayerKeys(opts: {
  toggle: () => void;
  seek: (ms: number) => unknown;
  setSpeed: (speed: number) => void;
  speed: number;
  currentMs: number;
  durationMs: number;
  toggleFullscreen: () => void;
  /** The `?` list is open: it has the keyboard. */
  keysOpen: boolean;
  openKeys: () => void;
}) {
  const { toggle, seek, setSpeed, speed, currentMs, durationMs, toggleFullscreen, keysOpen, openKeys } = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (keysOpen) return;
      const i = SPEEDS.indexOf(speed as (typeof SPEEDS)[number]);
      if (e.key === " ") {
        e.preventDefault();
        toggle();
      } else if (e.key === "ArrowLeft") {
        e.preventDefault();
        void seek(currentMs - (e.shiftKey ? 15_000 : 5_000));
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        void seek(Math.min(durationMs, currentMs + (e.shiftKey ? 15_000 : 5_000)));
      } else if (e.key === "Home") {
        e.preventDefault();
        void seek(0);
      } else if (e.key === "End") {
        e.preventDefault();
        void seek(durationMs);
      } else if (e.key === "?") {
        e.preventDefault();
        openKeys();
      } else if (e.key === "[" && i > 0) setSpeed(SPEEDS[i - 1]!);
      else if (e.key === "]" && i < SPEEDS.length - 1) setSpeed(SPEEDS[i + 1]!);
      else if (e.key === "f") toggleFullscreen();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [toggle, seek, setSpeed, speed, currentMs, durationMs, toggleFullscreen, keysOpen, openKeys]);
}

/**
 * The replay never keeps the focus (rrweb can move it into its iframe): focus that lands in the
 * stage's iframe goes back to the stage, so the player's keys work whatever was clicked last.
 */
export function useFocusOutsideReplay(stage: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const reclaim = () =>
      setTimeout(() => {
        const active = document.activeElement;
        if (active instanceof HTMLIFrameElement && stage.current?.contains(active))
          stage.current.focus({ preventScroll: true });
      }, 0);
    window.addEventListener("blur", reclaim);
    document.addEventListener("focusin", reclaim);
    return () => {
      window.removeEventListener("blur", reclaim);
      document.removeEventListener("focusin", reclaim);
    };
  }, [stage]);
}
