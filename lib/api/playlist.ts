import { getPlaylist, type Playlist, playlistInput } from "@/lib/data/playlists";
import { ID_PATTERN } from "@/lib/ids";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { ApiError } from "./errors";

/** The playlist a route names, or a 404 that says so. */
export async function playlistOr404(ws: string, id: string): Promise<Playlist> {
  const playlist = ID_PATTERN.test(id) ? await getPlaylist(ws, id) : null;
  if (!playlist) throw new ApiError("not_found", "No such playlist in this workspace.");
  return playlist;
}

/** A playlist's fields with its search checked, so a saved search always runs. */
export const checkedPlaylistInput = playlistInput.superRefine((input, ctx) => {
  if (!input.query) return;
  try {
    parseSearch(input.query);
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    ctx.addIssue({
      code: "custom",
      path: ["query"],
      message: `${error.message} (at character ${error.position + 1})`,
    });
  }
});
