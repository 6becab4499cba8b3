// Seeded randomness, so a seed always yields the same corpus, byte for byte.

export type Random = () => number;

/** mulberry32: tiny, fast, and good enough to resample test data. Returns [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function randomHex(random: Random, digits: number): string {
  let out = "";
  while (out.length < digits)
    out += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, "0");
  return out.slice(0, digits);
}

export function randomChars(random: Random, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A random version-4 style UUID. */
export function randomUuid(random: Random): string {
  const hex = randomHex(random, 32);
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const MASK_48 = (1n << 48n) - 1n;
const ODD_MULTIPLIER = 0x5deece66dn;

/**
 * A UUID-like id that is random-looking yet unique within a corpus by construction: its last 48 bits are
 * the index through a bijection (odd multiplier, then xor with a seeded mask), so no Set of a million ids
 * is needed to rule out collisions.
 */
export function uniqueUuid(random: Random, index: number, mask: bigint): string {
  const tail = ((BigInt(index) * ODD_MULTIPLIER) & MASK_48) ^ mask;
  const head = randomUuid(random);
  return `${head.slice(0, 24)}${tail.toString(16).padStart(12, "0")}`;
}

export function randomMask48(random: Random): bigint {
  return BigInt(`0x${randomHex(random, 12)}`);
}
