/** The player opened at a moment of a recording (tenths of a second, so a click is not skipped). */
export function replayPath(workspace: string, sessionId: string, offsetMs: number): string {
  return `/${workspace}/recordings/${sessionId}?t=${(Math.max(0, offsetMs) / 1000).toFixed(1)}`;
}
