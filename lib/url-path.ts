/** A URL's path ("/checkout" of "https://shop.example/checkout?x=1"); anything unparsable as it is. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
