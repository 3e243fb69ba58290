/** Only same-site paths are followed after login, so a crafted link cannot send people elsewhere. */
export function safeReturnPath(value: string | null | undefined, fallback = "/workspaces"): string {
  const path = value ?? "";
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
