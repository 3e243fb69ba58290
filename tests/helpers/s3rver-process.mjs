// Runs s3rver (an S3 API over a temporary folder) on a free loopback port and prints {"port":N} once
// listening; SIGTERM closes it and removes the folder.
// Started by tests/helpers/s3-server.ts with --openssl-legacy-provider: s3rver encrypts its
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers from that provider.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const S3rver = createRequire(import.meta.url)("s3rver");
const directory = mkdtempSync(join(tmpdir(), "rewind-s3-"));

const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
// s3rver deletes a DeleteObjects batch concurrently, and each delete then removes its emptied
// folders: two deletes in one folder race to remove it and the loser answers 500 (ENOENT).
// S3 has no folders; a folder already gone is the outcome wanted.
const deleteObject = server.store.deleteObject.bind(server.store);
server.store.deleteObject = (bucket, key) =>
  deleteObject(bucket, key).catch((error) => {
    if (error.code !== "ENOENT") throw error;
  });

const { port } = await server.run();
console.log(JSON.stringify({ port }));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
}
