import { requestMethod, requestPathOf, statusClass } from "@/lib/captured-requests";
import { printSearch } from "./print";

/**
 * The search for recordings that made the same request as this one (same method, path with ids
 * blanked, same status class): what the player's network panel links to. Null when the URL is not
 * an http(s) request.
 */
export function searchForRequest(r: { method: string; url: string; status: number }): string | null {
  const path = requestPathOf(r.url);
  if (path === null) return null;
  return printSearch({
    expr: { kind: "request", method: requestMethod(r.method), path, status: statusClass(r.status) },
  });
}
