import { OutboundError, outboundFetch } from "@/lib/integrations/outbound";
import { absoluteCssUrls } from "@/lib/replay/stylesheets";

/**
 * Fetches one asset a replay needs from the recorded site (a stylesheet the recorder could not
 * read, a web font) through the outbound guard (lib/integrations/outbound.ts): http(s) only, no
 * private, loopback or link-local address unless the host is in REWIND_OUTBOUND_ALLOW_HOSTS,
 * a time limit, a size cap, and redirects followed only a few hops, each hop checked again.
 * Only stylesheets and fonts: the route is not a general proxy.
 */

export const ASSET_TIMEOUT_MS = 8_000;
export const ASSET_MAX_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export type AssetKind = "css" | "font";

export interface FetchedAsset {
  kind: AssetKind;
  contentType: string;
  bytes: Uint8Array;
}

/** Why an asset could not be fetched, in words for the health line. */
export class AssetFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssetFetchError";
  }
}

const FONT_TYPES = /^(font\/|application\/(x-)?font|application\/vnd\.ms-fontobject)/;
const FONT_EXT = /\.(woff2?|ttf|otf|eot)$/i;

/** What the answer is, from its type, or from the path when the server says only octet-stream or text. */
export function assetKind(url: URL, contentType: string): AssetKind | null {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "text/css") return "css";
  if (FONT_TYPES.test(type)) return "font";
  if (["", "application/octet-stream", "text/plain", "binary/octet-stream"].includes(type)) {
    if (/\.css$/i.test(url.pathname)) return "css";
    if (FONT_EXT.test(url.pathname)) return "font";
  }
  return null;
}

export async function fetchAsset(raw: string): Promise<FetchedAsset> {
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Awaited<ReturnType<typeof outboundFetch>>;
    try {
      res = await outboundFetch(url, {
        allowHttp: true,
        returnRedirects: true,
        timeoutMs: ASSET_TIMEOUT_MS,
        maxBytes: ASSET_MAX_BYTES,
        headers: { accept: "text/css,font/*,*/*;q=0.1" },
      });
    } catch (error) {
      throw new AssetFetchError(error instanceof OutboundError ? error.message : String(error));
    }
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.location;
      if (!location) throw new AssetFetchError(`${new URL(url).host} redirected without a Location.`);
      url = new URL(location, url).href;
      continue;
    }
    if (res.status !== 200) throw new AssetFetchError(`${new URL(url).host} answered ${res.status}.`);
    const contentType = String(res.headers["content-type"] ?? "");
    const kind = assetKind(new URL(url), contentType);
    if (!kind)
      throw new AssetFetchError(
        `${new URL(url).host} answered ${contentType || "no content type"}, not a stylesheet or a font.`,
      );
    if (kind === "font") return { kind, contentType: contentType || "font/woff2", bytes: res.bytes };
    // url()s and @imports resolve against the stylesheet's own address, not the replay's.
    const css = absoluteCssUrls(res.text, url);
    return { kind, contentType: "text/css; charset=utf-8", bytes: Buffer.from(css, "utf8") };
  }
  throw new AssetFetchError(`More than ${MAX_REDIRECTS} redirects from ${new URL(raw).host}.`);
}
