import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env } from "@/lib/env";

const FILE = ".nextauth-secret";

/**
 * The secret that signs sessions: NEXTAUTH_SECRET when set, else one generated on first start into
 * the data folder and reused, so a one-box install needs no set-up and sessions survive restarts.
 */
export function authSecret(dataDir = env().DATA_DIR, configured = env().NEXTAUTH_SECRET): string {
  if (configured) return configured;
  const file = join(dataDir, FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // Written whole under a private name, then linked into place: link fails when another process
  // (npm start runs several) got there first, and no process ever reads a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, secret, { mode: 0o600 });
  try {
    linkSync(temp, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}
