import { PUBLIC_SEGMENTS } from "@/lib/public-segments";

/**
 * Workspace slugs are the first URL segment of the dashboard, so the segments anyone may open
 * (lib/public-segments.ts) and the words an app route or a confused reader might take are reserved.
 */
export const RESERVED_SLUGS = new Set<string>([
  ...PUBLIC_SEGMENTS,
  "app",
  "admin",
  "auth",
  "logout",
  "register",
  "settings",
  "static",
  "public",
  "health",
  "docs",
  "help",
  "about",
  "pricing",
  "new",
  "www",
  "account",
  "dashboard",
  "workspaces",
  "recordings",
  "persons",
  "funnels",
  "playlists",
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])?$/;

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : `${base || "workspace"}-team`.replace(/^-/, "");
}

export function slugProblem(slug: string): string | null {
  if (!SLUG_PATTERN.test(slug) || slug.length < 3) {
    return "Use 3 to 40 lowercase letters, digits or hyphens, starting and ending with a letter or digit.";
  }
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved. Choose another.`;
  return null;
}
