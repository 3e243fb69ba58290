/**
 * The ids the user last saw in a recordings list, kept per tab, so the player can offer the
 * previous and next recording of that list.
 */

const KEY = "rewind:last-list";

interface RememberedList {
  workspace: string;
  from: string;
  ids: string[];
}

export function listFrom(query: Record<string, string>): string {
  return `?${new URLSearchParams(query)}`;
}

export function rememberList(workspace: string, query: Record<string, string>, ids: string[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ workspace, from: listFrom(query), ids }));
  } catch {}
}

/** The neighbours of a recording in the remembered list, when it came from that list. */
export function neighbours(
  workspace: string,
  from: string,
  id: string,
): { previous: string | null; next: string | null } {
  try {
    const list = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as RememberedList | null;
    const i = list && list.workspace === workspace && list.from === from ? list.ids.indexOf(id) : -1;
    if (!list || i < 0) return { previous: null, next: null };
    return { previous: list.ids[i - 1] ?? null, next: list.ids[i + 1] ?? null };
  } catch {
    return { previous: null, next: null };
  }
}
