import { z } from "zod";

// In the browser zod must not probe `new Function` (its fast object parser): under our CSP without
// 'unsafe-eval' the probe is refused and reported as a violation. The server keeps the fast parser.
if (typeof window !== "undefined") z.config({ jitless: true });
