/** The player opened at a moment of a recording (tenths of a second, so a click is not skipped). */
export function replayPath(workspace: string, sessionId: string, offsetMs: number): string {
  return `/${workspace}/recordings/${sessionId}?t=${(Math.max(0, offsetMs) / 1000).toFixed(1)}`;
}

/**
 * The player opened at an exact moment (epoch ms). An error occurrence links this way: a link in
 * tenths can land a few ms before the error, on the click that set it off, instead of on its row.
 */
export function replayAtPath(workspace: string, sessionId: string, atMs: number): string {
  return `/${workspace}/recordings/${sessionId}?at=${Math.round(atMs)}`;
}
