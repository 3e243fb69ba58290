import { pagePlugin } from "./page-signals";

// public/sdk/signals.js: Web Vitals and form submissions, fetched after recording starts.
(window as Window & { __rewindSignals?: unknown }).__rewindSignals = pagePlugin;
