/**
 * Query keys: every key of a workspace starts with ["ws", slug], so leaving or switching a
 * workspace can drop all of its cache at once, and each resource's keys sit under its name.
 */
export const workspaceKey = (slug: string) => ["ws", slug] as const;

export const apiBase = (slug: string) => `/api/v1/workspaces/${encodeURIComponent(slug)}`;
