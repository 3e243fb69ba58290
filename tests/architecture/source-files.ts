import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Every .ts/.tsx file under a folder of the repository, as paths relative to the root. */
export function sourceFiles(folder: string, name: RegExp = /\.tsx?$/): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (name.test(entry.name)) found.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, folder));
  return found.sort();
}

export const readSource = (path: string) => readFileSync(join(ROOT, path), "utf8");
