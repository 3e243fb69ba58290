import { pagePlugin } from "./page-signals";

// public/sdk/signals.js: Web Vitals, form submissions and click offsets, fetched after recording starts.
(window as Window & { __rewindSignals?: unknown }).__rewindSignals = pagePlugin;
