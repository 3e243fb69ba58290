/**
 * A readable, stable name for an anonymous visitor ("Amber Otter 27") made from their id, so rows
 * can be told apart and remembered; identified people keep their own id (an email, a user id).
 * Pure and the same on server and client: no state, no store, nothing to migrate.
 */

const ADJECTIVES = [
  "Amber",
  "Azure",
  "Bold",
  "Brave",
  "Bright",
  "Brisk",
  "Calm",
  "Clever",
  "Coral",
  "Cosmic",
  "Crimson",
  "Curious",
  "Dapper",
  "Daring",
  "Dusky",
  "Eager",
  "Early",
  "Fancy",
  "Fern",
  "Fleet",
  "Frosty",
  "Gentle",
  "Golden",
  "Happy",
  "Hazel",
  "Humble",
  "Indigo",
  "Ivory",
  "Jade",
  "Jolly",
  "Keen",
  "Kind",
  "Lively",
  "Lucky",
  "Lunar",
  "Maple",
  "Merry",
  "Misty",
  "Noble",
  "Olive",
  "Patient",
  "Plucky",
  "Polar",
  "Proud",
  "Quick",
  "Quiet",
  "Rapid",
  "Rosy",
  "Ruby",
  "Rustic",
  "Sandy",
  "Silver",
  "Sleek",
  "Snowy",
  "Solar",
  "Spry",
  "Steady",
  "Sunny",
  "Swift",
  "Teal",
  "Tidy",
  "Violet",
  "Witty",
  "Zesty",
];
const ANIMALS = [
  "Albatross",
  "Alpaca",
  "Badger",
  "Beaver",
  "Bison",
  "Bobcat",
  "Crane",
  "Cricket",
  "Dolphin",
  "Dove",
  "Eagle",
  "Falcon",
  "Ferret",
  "Finch",
  "Fox",
  "Gazelle",
  "Gecko",
  "Heron",
  "Hare",
  "Ibis",
  "Iguana",
  "Jackal",
  "Jaguar",
  "Kestrel",
  "Koala",
  "Lemur",
  "Lynx",
  "Magpie",
  "Marmot",
  "Marten",
  "Mole",
  "Moose",
  "Newt",
  "Ocelot",
  "Orca",
  "Osprey",
  "Otter",
  "Owl",
  "Panda",
  "Pelican",
  "Penguin",
  "Puffin",
  "Quail",
  "Rabbit",
  "Raven",
  "Robin",
  "Salmon",
  "Seal",
  "Shrew",
  "Sparrow",
  "Stoat",
  "Swan",
  "Tapir",
  "Tern",
  "Toucan",
  "Turtle",
  "Vole",
  "Walrus",
  "Weasel",
  "Whale",
  "Wolf",
  "Wombat",
  "Wren",
  "Yak",
];

const ANONYMOUS_PREFIX = "anon-";

/** FNV-1a, 32 bits: small, fast and well spread over similar ids (uuidv7s share their time prefix). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function isAnonymous(distinctId: string): boolean {
  return distinctId.startsWith(ANONYMOUS_PREFIX);
}

/** What to show for a person: their id when identified, else a generated name (the id goes on hover). */
export function personName(distinctId: string): string {
  if (!isAnonymous(distinctId)) return distinctId;
  const h = hash(distinctId);
  const adjective = ADJECTIVES[h % ADJECTIVES.length]!;
  const animal = ANIMALS[Math.floor(h / ADJECTIVES.length) % ANIMALS.length]!;
  // 64 × 64 × 100 names: two visitors in one list rarely share one, and the hover shows the id.
  const number = Math.floor(h / (ADJECTIVES.length * ANIMALS.length)) % 100;
  return `${adjective} ${animal} ${number}`;
}
