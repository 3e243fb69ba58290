import { dirname, join, normalize } from "node:path";

/** Every module a source file names: static imports, re-exports, side-effect and dynamic imports. */
export function importsOf(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^"'`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

/** A specifier as a repository path (`lib/storage/kv`), or the package name for anything else. */
export function resolveImport(fromFile: string, specifier: string): string {
  if (specifier.startsWith("@/")) return normalize(specifier.slice(2));
  if (specifier.startsWith(".")) return normalize(join(dirname(fromFile), specifier));
  return specifier;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The layer rules of docs/ARCHITECTURE.md §"Layers and caller kinds"; a reason when broken. */
export function brokenRule(fromFile: string, target: string): string | null {
  if (under(target, "lib/storage") && !under(fromFile, "lib/storage") && !under(fromFile, "lib/data")) {
    return "lib/storage is reached only through lib/data";
  }
  if (under(fromFile, "lib/data")) {
    if (under(target, "lib/api")) return "lib/data knows nothing of HTTP (lib/api)";
    if (target === "next" || target.startsWith("next/")) return "lib/data knows nothing of Next";
    if (under(target, "app") || under(target, "components")) return "lib/data does not import the app or UI";
  }
  return null;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

/** Checks every file's imports against the layer rules. */
export function violations(files: Iterable<[path: string, source: string]>): Violation[] {
  const found: Violation[] = [];
  for (const [file, source] of files) {
    for (const specifier of importsOf(source)) {
      const rule = brokenRule(file, resolveImport(file, specifier));
      if (rule) found.push({ file, imports: specifier, rule });
    }
  }
  return found;
}
