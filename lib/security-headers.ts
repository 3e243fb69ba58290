/**
 * The security headers that vary per request, set by proxy.ts: the pages' CSP carries a fresh
 * nonce, and HSTS is sent only over https. The ones that never vary (nosniff, X-Frame-Options,
 * Referrer-Policy, the API's CSP) are in next.config.ts `headers()`.
 */

/** Any http(s) origin: a replay shows the recorded site's own images, fonts and stylesheets. */
const RECORDED_SITES = "https: http:";

/**
 * The dashboard's, login's and share pages' policy. Scripts run only with this response's nonce
 * (Next.js puts it on its own scripts) or when loaded by such a script ('strict-dynamic'); nothing
 * may frame the page. The replay iframe is sandboxed without allow-scripts and inherits this
 * policy, which is why styles may be inline and media may come from any site: it rebuilds the
 * recorded page's markup, never its scripts.
 */
export function pageCsp(nonce: string, options: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'unsafe-inline' ${RECORDED_SITES}`,
    `img-src 'self' data: blob: ${RECORDED_SITES}`,
    `font-src 'self' data: ${RECORDED_SITES}`,
    `media-src 'self' data: blob: ${RECORDED_SITES}`,
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sent only over https: browsers then refuse plain http to this host for a year. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** A random nonce for one response: 128 bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
