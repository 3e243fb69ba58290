import geoip from "geoip-country";
import { clientIp, type HeaderSource } from "@/lib/request-origin";

const COUNTRY = /^[A-Z]{2}$/;

/**
 * The visitor's two-letter country: the edge's header when the app runs behind Vercel or
 * Cloudflare (they know better than a database), else the client IP looked up in the offline
 * GeoLite2 country database shipped with geoip-country — so a self-hosted box without a CDN still
 * fills the country column. The IP itself is only looked up, never stored (docs/PRIVACY.md).
 */
export function countryOf(headers: HeaderSource): string {
  const edge = (headers.get("x-vercel-ip-country") ?? headers.get("cf-ipcountry") ?? "").toUpperCase();
  if (COUNTRY.test(edge) && edge !== "XX") return edge;
  return countryOfAddress(clientIp(headers));
}

/** "unknown" for private, loopback and unlisted addresses. */
export function countryOfAddress(ip: string): string {
  if (ip === "unknown") return "unknown";
  const found = geoip.lookup(ip)?.country?.toUpperCase() ?? "";
  return COUNTRY.test(found) ? found : "unknown";
}
