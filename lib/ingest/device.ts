import Bowser from "bowser";

export interface Device {
  browser: string;
  os: string;
  device: "desktop" | "mobile" | "tablet" | "other";
}

const clean = (s: string | undefined) =>
  (s ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "unknown";

/** Browser, OS and device class from a user agent, in lowercase ids fit for filters. */
export function parseDevice(userAgent: string | null): Device {
  if (!userAgent) return { browser: "unknown", os: "unknown", device: "other" };
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  const platform = parsed.platform.type;
  return {
    browser: clean(parsed.browser.name),
    os: clean(parsed.os.name),
    device: platform === "desktop" || platform === "mobile" || platform === "tablet" ? platform : "other",
  };
}
