import { resolveImport } from "./import-graph";

/**
 * Search and analytics read the session indexes by name through lib/data/session-index.ts
 * (docs/ARCHITECTURE.md §1a): no key builders, no key strings, no store handle.
 */
const READERS = ["lib/search", "lib/analytics"];
const KEY_BUILDERS = "lib/data/session-keys";

/** Names a module must not take from lib/data: key builders (`sessionKeys`, `urlIndexKeysUnder`) and store handles. */
const KEY_OR_STORE = /Key|Store(?![a-z])/;

export interface IndexRead {
  file: string;
  found: string;
  rule: string;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Each named import (`import { a, type B as C } from "x"`, and re-exports) as [specifier, imported name]. */
export function namedImports(source: string): [specifier: string, name: string][] {
  const out: [string, string][] = [];
  for (const m of source.matchAll(
    /\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g,
  )) {
    for (const part of m[1]!.split(",")) {
      const name = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name) out.push([m[2]!, name]);
    }
  }
  return out;
}

/** Where a search or analytics module reaches past the named-index interface. */
export function indexReadViolations(files: Iterable<[path: string, source: string]>): IndexRead[] {
  const found: IndexRead[] = [];
  for (const [file, source] of files) {
    if (!READERS.some((folder) => under(file, folder))) continue;
    for (const [specifier, name] of namedImports(source)) {
      const target = resolveImport(file, specifier);
      if (under(target, "lib/data") && KEY_OR_STORE.test(name) && target !== KEY_BUILDERS)
        found.push({
          file,
          found: `${name} from ${specifier}`,
          rule: "no key builders or store handles from lib/data",
        });
    }
    for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (resolveImport(file, m[1]!) === KEY_BUILDERS)
        found.push({ file, found: m[1]!, rule: "session keys are built only inside lib/data" });
    }
    if (source.includes("{w:")) found.push({ file, found: "{w:", rule: "no storage key strings" });
  }
  return found;
}
