/** Whether a `/regex/flags` pattern a user typed compiles; text that is not in slashes is a plain match. */
export function regexCompiles(pattern: string): boolean {
  const m = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (!m) return true;
  try {
    new RegExp(m[1]!, m[2]);
    return true;
  } catch {
    return false;
  }
}
