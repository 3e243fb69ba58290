/**
 * A stored stylesheet or font as a replay gets it: private (a workspace's or a share link's), cached
 * a day, never sniffed or run as anything else.
 */
export function assetResponse(asset: { ref: { contentType: string }; bytes: Uint8Array }): Response {
  return new Response(asset.bytes as BodyInit, {
    headers: {
      "content-type": asset.ref.contentType,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
}
