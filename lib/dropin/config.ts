import type { RecordingSettings } from "@/lib/data/settings";

/**
 * The remote config posthog-js 1.x reads from `/array/<token>/config(.js)`, built from the
 * workspace's recording settings. Only what we ingest is switched on: session recording (to /s/),
 * exceptions, page views and custom events; autocapture, heatmaps, surveys, flags, dead clicks and
 * web vitals are off so the page sends nothing we would drop.
 */
export function posthogRemoteConfig(token: string, s: RecordingSettings): Record<string, unknown> {
  const m = s.masking;
  const maskText = m.level >= 2 ? ["*", m.maskTextSelector].filter(Boolean).join(", ") : m.maskTextSelector;
  const recording = s.enabled
    ? {
        endpoint: "/s/",
        recorderVersion: "v2",
        // posthog-js reads the rate as a decimal string and ignores the setting when absent.
        sampleRate: s.sampleRate.toFixed(2),
        minimumDurationMilliseconds: s.minDurationMs,
        consoleLogRecordingEnabled: s.console.enabled,
        recordCanvas: false,
        networkPayloadCapture: null,
        linkedFlag: null,
        urlTriggers: [],
        urlBlocklist: [],
        eventTriggers: [],
        masking: {
          // Level 1 already masks every typed or chosen value; posthog-js can only do all inputs.
          maskAllInputs: true,
          maskTextSelector: maskText ?? undefined,
          blockSelector: m.level >= 3 && m.blockSelector ? m.blockSelector : undefined,
        },
      }
    : false;
  return {
    token,
    supportedCompression: ["gzip-js"],
    hasFeatureFlags: false,
    autocapture_opt_out: true,
    autocaptureExceptions: true,
    captureDeadClicks: false,
    capturePerformance: false,
    heatmaps: false,
    surveys: false,
    productTours: false,
    logs: false,
    defaultIdentifiedOnly: true,
    elementsChainAsString: true,
    siteApps: [],
    sessionRecording: recording,
  };
}

/** The script form: posthog-js's loader reads the config from this global, keyed by token. */
export function posthogRemoteConfigScript(token: string, config: Record<string, unknown>): string {
  const json = JSON.stringify({ config, siteApps: [] }).replace(/</g, "\\u003c");
  return `(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(token).replace(/</g, "\\u003c")}]=${json};})();\n`;
}
