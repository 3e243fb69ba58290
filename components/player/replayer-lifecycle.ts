import type { RrwebPlayer } from "./use-replay";

/**
 * Ends an rrweb-player for good. Its own `$destroy` only pauses the replayer and removes the
 * Svelte markup; the replayer's node mirror, style mirror and media manager keep the replayed
 * document's nodes alive as long as anything holds the replayer. `destroy()` resets them and
 * detaches the iframe first, so leaving a recording (or moving on in a playlist) frees them.
 */
export function destroyPlayer(player: RrwebPlayer | null): void {
  if (!player) return;
  const replayer = player.getReplayer();
  replayer.destroy();
  player.$destroy();
}
