import Bowser from "bowser";
import { recentCache } from "@/lib/cache";

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

/**
 * A visitor's batches repeat one user agent, and parsing one runs Bowser's regexes (~25 µs warm on
 * the request thread, every batch): the last few hundred are remembered.
 */
const parsedAgents = recentCache<Readonly<Device>>(500);

/** Browser, OS and device class from a user agent, in lowercase ids fit for filters. */
export function parseDevice(userAgent: string | null): Readonly<Device> {
  if (!userAgent) return { browser: "unknown", os: "unknown", device: "other" };
  const agent = userAgent.slice(0, 512);
  let device = parsedAgents.get(agent);
  if (!device) {
    const parsed = Bowser.parse(agent);
    const platform = parsed.platform.type;
    device = Object.freeze({
      browser: clean(parsed.browser.name),
      os: clean(parsed.os.name),
      device: platform === "desktop" || platform === "mobile" || platform === "tablet" ? platform : "other",
    });
    parsedAgents.set(agent, device);
  }
  return device;
}
