/** A URL's path ("/checkout" of "https://shop.example/checkout?x=1"); anything unparsable as it is. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A path as typed in a search ("/café") in the form URLs carry it ("/caf%C3%A9"), as pathOf gives it. */
export function typedPath(path: string): string {
  if (!path.startsWith("/")) return path;
  try {
    return new URL(path, "http://path.invalid").pathname;
  } catch {
    return path;
  }
}
