import { type Command, KvError, type Reply } from "./types";

/**
 * Redis Cluster's key slots: CRC16 (XMODEM) of the key, or of its hash tag `{…}` when it has a
 * non-empty one, modulo 16384. Two keys may meet in one MULTI or multi-key command only when
 * their slots are equal.
 */

export const SLOT_COUNT = 16384;

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** The part of the key Redis hashes: the first `{…}` when it is non-empty, else the whole key. */
export function hashTag(key: string): string {
  const open = key.indexOf("{");
  if (open === -1) return key;
  const close = key.indexOf("}", open + 1);
  return close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

export function keySlot(key: string): number {
  return crc16(Buffer.from(hashTag(key), "utf8")) % SLOT_COUNT;
}

/** The keys a command touches (the commands the typed API builds: DEL and the Z*STOREs take many). */
export function commandKeys([name, ...args]: Command): string[] {
  switch (name.toUpperCase()) {
    case "DEL":
      return args.map(String);
    case "ZINTERSTORE":
    case "ZUNIONSTORE":
      return [String(args[0]), ...args.slice(2, 2 + Number(args[1])).map(String)];
    default:
      return args.length ? [String(args[0])] : [];
  }
}

/**
 * Refuses what a cluster refuses, on every driver, so a cross-slot transaction fails in the
 * embedded tests as it would on a cluster: a MULTI over several slots, or a ZINTERSTORE /
 * ZUNIONSTORE over several. A DEL over several slots is allowed (the cluster driver splits it).
 */
export function assertClusterSafe(commands: Command[], mode: "pipeline" | "multi"): void {
  const slotsOf = (keys: string[]) => new Set(keys.map(keySlot));
  if (mode === "multi" && commands.length > 1) {
    const keys = commands.flatMap(commandKeys);
    if (slotsOf(keys).size > 1) throw crossSlot("MULTI", keys);
  }
  for (const command of commands) {
    const name = command[0].toUpperCase();
    if (name === "DEL" && mode === "pipeline") continue;
    const keys = commandKeys(command);
    if (slotsOf(keys).size > 1) throw crossSlot(name, keys);
  }
}

function crossSlot(what: string, keys: string[]): KvError {
  const shown = [...new Set(keys)].slice(0, 4).join(", ");
  return new KvError(
    `CROSSSLOT ${what} touches keys of different hash slots (${shown}…); give them one hash tag`,
  );
}

/**
 * Splits a pipeline into one batch per slot (a cluster runs a batch on one node only), with
 * every multi-slot DEL cut into one DEL per slot; `join` puts the replies back in the order asked,
 * summing the parts of a cut DEL.
 */
export function splitBySlot(commands: Command[]): {
  batches: Command[][];
  join(replies: Reply[][]): Reply[];
} {
  const bySlot = new Map<number, { commands: Command[]; origin: number[] }>();
  const add = (slot: number, command: Command, origin: number) => {
    const batch = bySlot.get(slot) ?? { commands: [], origin: [] };
    bySlot.set(slot, batch);
    batch.commands.push(command);
    batch.origin.push(origin);
  };
  commands.forEach((command, i) => {
    const keys = commandKeys(command);
    if (command[0].toUpperCase() === "DEL") {
      const perSlot = new Map<number, string[]>();
      for (const key of keys) {
        const slot = keySlot(key);
        const own = perSlot.get(slot) ?? [];
        own.push(key);
        perSlot.set(slot, own);
      }
      for (const [slot, own] of perSlot) add(slot, ["DEL", ...own], i);
      return;
    }
    add(keys.length ? keySlot(keys[0]!) : 0, command, i);
  });
  const batches = [...bySlot.values()];
  return {
    batches: batches.map((b) => b.commands),
    join(replies) {
      const out: Reply[] = commands.map((c) => (c[0].toUpperCase() === "DEL" ? 0 : null));
      for (const [b, batch] of batches.entries()) {
        for (const [j, origin] of batch.origin.entries()) {
          const reply = replies[b]?.[j] ?? null;
          out[origin] =
            commands[origin]![0].toUpperCase() === "DEL" ? Number(out[origin]) + Number(reply) : reply;
        }
      }
      return out;
    },
  };
}
