import { randomBytes } from "node:crypto";
import { createReadStream, rename as renameCb, writeFile as writeFileCb } from "node:fs";
import { mkdir, readdir, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { assertBlobKey, assertBlobPrefix, type BlobEntry, type BlobStore } from "./types";

/** Folders this process made or found, so a write skips mkdir; bounded (a folder per session). */
const KNOWN_FOLDERS_MAX = 4096;

/**
 * The chunk file's writes through fs's callback API: fs/promises wraps each step in a FileHandle
 * and promises, which cost the request thread about twice the CPU per file (bench/local-blob-write.ts).
 */
const writeNew = (path: string, bytes: Uint8Array) =>
  new Promise<void>((resolve, reject) =>
    // `wx`: a temp name is never reused, so a clash is a bug to see, not a file to overwrite.
    writeFileCb(path, bytes, { flag: "wx" }, (error) => (error ? reject(error) : resolve())),
  );
const rename = (from: string, to: string) =>
  new Promise<void>((resolve, reject) => renameCb(from, to, (error) => (error ? reject(error) : resolve())));

/** Blobs as files under one folder. Writes go to a temp file first, then rename: atomic on POSIX. */
export class LocalBlobStore implements BlobStore {
  readonly name = "local" as const;
  readonly location: string;
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {
    this.location = root;
  }

  private path(key: string): string {
    assertBlobKey(key);
    return join(this.root, ...key.split("/"));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.path(key);
    const folder = dirname(target);
    // Temp names start with '.', which no valid key segment does, so list() never sees them.
    const temp = join(folder, `.tmp-${randomBytes(8).toString("hex")}`);
    try {
      if (!this.folders.has(folder)) await this.makeFolder(folder);
      try {
        await writeNew(temp, bytes);
      } catch (error) {
        // The folder was removed since it was seen (by hand, another process): make it again.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        await this.makeFolder(folder);
        await writeNew(temp, bytes);
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async makeFolder(folder: string): Promise<void> {
    await mkdir(folder, { recursive: true });
    if (this.folders.size >= KNOWN_FOLDERS_MAX) this.folders.clear();
    this.folders.add(folder);
  }

  async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
    const target = this.path(key);
    try {
      const info = await stat(target);
      if (!info.isFile()) return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return Readable.toWeb(createReadStream(target)) as ReadableStream<Uint8Array>;
  }

  async delete(keys: string[]): Promise<void> {
    const paths = keys.map((k) => this.path(k));
    for (const p of paths) {
      try {
        await unlink(p);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }

  async list(prefix: string): Promise<BlobEntry[]> {
    assertBlobPrefix(prefix);
    // Walk only the deepest folder the prefix names fully.
    const cut = prefix.lastIndexOf("/");
    const base = cut === -1 ? this.root : join(this.root, ...prefix.slice(0, cut).split("/"));
    const found: BlobEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(".")) continue;
        const full = join(dir, entry.name);
        const key = relative(this.root, full).split(sep).join("/");
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(full);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          found.push({ key, size: (await stat(full)).size });
        }
      }
    };
    await walk(base);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
