/**
 * First path segments that anyone may open without signing in: the sign-in pages, shared links,
 * the demo, the replay link, the API (its routes check their callers), the SDK and Next's assets,
 * and the posthog-js drop-in (lib/dropin: remote config, flags and capture endpoints). The page
 * gate (proxy.ts) lets them through; workspace slugs may not take them (lib/data/slugs.ts).
 */
export const DROPIN_SEGMENTS = ["array", "flags", "decide", "e", "s", "i", "batch"] as const;

export const PUBLIC_SEGMENTS = [
  "login",
  "signup",
  "forgot",
  "reset",
  "invite",
  "share",
  "demo",
  "replay",
  "api",
  "sdk",
  "_next",
  ...DROPIN_SEGMENTS,
] as const;
