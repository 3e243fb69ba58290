import { ApiError } from "@/lib/api/errors";
import {
  ASSET_URL_CHARS,
  type AssetRef,
  assetBytes,
  assetOf,
  noteAssetFailure,
  putAsset,
  touchAsset,
} from "@/lib/data/assets";
import { DomainError, Invalid } from "@/lib/errors/domain";
import { enforceLimit, type Limit } from "@/lib/ratelimit";
import { ASSET_MAX_BYTES, AssetFetchError, type FetchedAsset, fetchAsset } from "./fetch";
import { inlineImports, MAX_IMPORT_DEPTH, MAX_IMPORTED_SHEETS } from "./imports";

/**
 * An asset for a replay, by the URL the recording names: from the workspace's store when it was
 * fetched before, else fetched now (lazily, on the first replay that needs it) and stored. A
 * failed fetch is remembered for a while, so a dead stylesheet costs one try per few minutes.
 */

const RETRY_FAILED_AFTER_MS = 10 * 60 * 1000;
/** Fetches (not store hits) a workspace may cause: a replay needs a few, a scan of URLs is refused. */
export const ASSET_FETCH_LIMIT: Limit = { scope: "assets:fetch", max: 120, windowMs: 60 * 1000 };

export function assetUrlProblem(raw: string | null): string | null {
  if (!raw) return "Give the asset's address as ?url=https://…";
  if (raw.length > ASSET_URL_CHARS) return `The address is longer than ${ASSET_URL_CHARS} characters.`;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "Only http:// and https:// addresses.";
  } catch {
    return "The address is not a URL.";
  }
  return null;
}

export async function replayAsset(
  ws: string,
  raw: string | null,
): Promise<{ ref: AssetRef; bytes: Uint8Array }> {
  const problem = assetUrlProblem(raw);
  if (problem) throw new Invalid(problem);
  return resolveAsset(ws, raw!, [], { sheets: MAX_IMPORTED_SHEETS });
}

/**
 * `within`: the stylesheets that @import this one, outermost first (the depth, and a guard
 * against cycles); `budget`: how many more imported sheets the outermost one may still load.
 */
async function resolveAsset(
  ws: string,
  url: string,
  within: string[],
  budget: { sheets: number },
): Promise<{ ref: AssetRef; bytes: Uint8Array }> {
  const known = await assetOf(ws, url);
  if (known && "hash" in known) {
    const bytes = await assetBytes(ws, known.hash);
    if (bytes) {
      await touchAsset(ws, url, known);
      return { ref: known, bytes };
    }
  }
  if (known && "error" in known && Date.now() - known.at < RETRY_FAILED_AFTER_MS)
    throw new ApiError("bad_gateway", `The asset could not be fetched: ${known.error}`);
  await enforceLimit(
    ASSET_FETCH_LIMIT,
    ws,
    "Too many assets fetched for this workspace; try again in a minute.",
  );
  let fetched: FetchedAsset;
  try {
    fetched = await fetchAsset(url);
  } catch (error) {
    if (!(error instanceof AssetFetchError)) throw error;
    await noteAssetFailure(ws, url, error.message);
    throw new ApiError("bad_gateway", `The asset could not be fetched: ${error.message}`);
  }
  if (fetched.kind === "css") {
    const chain = [...within, url];
    const css = await inlineImports(
      Buffer.from(fetched.bytes).toString("utf8"),
      async (child) => {
        if (chain.length > MAX_IMPORT_DEPTH || chain.includes(child) || assetUrlProblem(child))
          return undefined;
        if (budget.sheets <= 0) return undefined;
        budget.sheets--;
        try {
          const imported = await resolveAsset(ws, child, chain, budget);
          return imported.ref.kind === "css" ? Buffer.from(imported.bytes).toString("utf8") : undefined;
        } catch (error) {
          // One import that cannot be had leaves its @import in place; the sheet is still kept.
          if (error instanceof ApiError || error instanceof DomainError) return undefined;
          throw error;
        }
      },
      ASSET_MAX_BYTES,
    );
    fetched = { ...fetched, bytes: Buffer.from(css, "utf8") };
  }
  const ref = await putAsset(ws, url, fetched);
  return { ref, bytes: fetched.bytes };
}
