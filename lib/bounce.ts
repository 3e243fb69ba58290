/** A bounce: a session of one page that lasted under this long (the list's figures and analytics). */
export const BOUNCE_MS = 10_000;
