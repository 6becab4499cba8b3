import { AsnCsvCursor } from "./asn-csv";

// The ASN tables of @ip-location-db/asn (docs/ip-data.md) as typed arrays, searched by binary search:
// ~11 MB for both families instead of ~515,000 row objects. asn-csv.ts reads the rows.
//
// Overlapping ranges (the 2026-06 IPv4 file has one) are clipped so the earlier row wins: binary search
// needs disjoint ranges, and a range nested in a longer one would otherwise hide the longer one's tail.
// Rows out of order fail the load instead (the files are sorted by start).

export interface AsnRecord {
  number: number;
  organization: string;
}

interface Rows {
  /** Row i's AS number and the index of its organisation in `orgs` (one per AS number, or per name should a number have two). */
  asns: Uint32Array;
  orgIndex: Uint32Array;
  orgs: string[];
  /** Rows whose start was moved past the previous row's end (or dropped, when inside it). */
  clipped: number;
}

export interface Ipv4AsnTable extends Rows {
  starts: Uint32Array;
  ends: Uint32Array;
}

/** IPv6 bounds as 64-bit halves: BigUint64Array keeps them unboxed. */
export interface Ipv6AsnTable extends Rows {
  startHi: BigUint64Array;
  startLo: BigUint64Array;
  endHi: BigUint64Array;
  endLo: BigUint64Array;
}

const MASK_64 = (1n << 64n) - 1n;

function rowsOf(cursor: AsnCsvCursor, count: number, asns: Uint32Array, orgIndex: Uint32Array, clipped: number): Rows {
  return { asns: asns.slice(0, count), orgIndex: orgIndex.slice(0, count), orgs: cursor.orgs, clipped };
}

export function parseAsnIpv4Csv(bytes: Buffer): Ipv4AsnTable {
  const cursor = new AsnCsvCursor(bytes);
  const size = cursor.rowCount;
  const [starts, ends, asns, orgIndex] = [0, 1, 2, 3].map(() => new Uint32Array(size)) as Uint32Array[] as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let [count, clipped, previousStart, previousEnd] = [0, 0, -1, -1];
  while (cursor.advance()) {
    let start = cursor.uint32(cursor.at, cursor.c1);
    const end = cursor.uint32(cursor.c1 + 1, cursor.c2);
    if (end < start) cursor.fail("range ends before it starts");
    if (start < previousStart) cursor.fail("rows are not sorted by start");
    previousStart = start;
    if (start <= previousEnd) {
      clipped += 1;
      if (end <= previousEnd) continue;
      start = previousEnd + 1;
    }
    starts[count] = start;
    ends[count] = end;
    asns[count] = cursor.asn;
    orgIndex[count] = cursor.orgId;
    previousEnd = end;
    count += 1;
  }
  return {
    starts: starts.slice(0, count),
    ends: ends.slice(0, count),
    ...rowsOf(cursor, count, asns, orgIndex, clipped),
  };
}

export function parseAsnIpv6Csv(bytes: Buffer): Ipv6AsnTable {
  const cursor = new AsnCsvCursor(bytes);
  const size = cursor.rowCount;
  const [startHi, startLo, endHi, endLo] = [0, 1, 2, 3].map(() => new BigUint64Array(size)) as [
    BigUint64Array,
    BigUint64Array,
    BigUint64Array,
    BigUint64Array,
  ];
  const [asns, orgIndex] = [new Uint32Array(size), new Uint32Array(size)];
  let [count, clipped, previousStart, previousEnd] = [0, 0, -1n, -1n];
  while (cursor.advance()) {
    let start = cursor.uint128(cursor.at, cursor.c1);
    const end = cursor.uint128(cursor.c1 + 1, cursor.c2);
    if (end < start) cursor.fail("range ends before it starts");
    if (start < previousStart) cursor.fail("rows are not sorted by start");
    previousStart = start;
    if (start <= previousEnd) {
      clipped += 1;
      if (end <= previousEnd) continue;
      start = previousEnd + 1n;
    }
    startHi[count] = start >> 64n;
    startLo[count] = start & MASK_64;
    endHi[count] = end >> 64n;
    endLo[count] = end & MASK_64;
    asns[count] = cursor.asn;
    orgIndex[count] = cursor.orgId;
    previousEnd = end;
    count += 1;
  }
  return {
    startHi: startHi.slice(0, count),
    startLo: startLo.slice(0, count),
    endHi: endHi.slice(0, count),
    endLo: endLo.slice(0, count),
    ...rowsOf(cursor, count, asns, orgIndex, clipped),
  };
}

function record(table: Rows, row: number): AsnRecord {
  return { number: table.asns[row] as number, organization: table.orgs[table.orgIndex[row] as number] as string };
}

/** The row holding `address` (an IPv4 address as an unsigned 32-bit integer), or null. */
export function findAsnIpv4(table: Ipv4AsnTable, address: number): AsnRecord | null {
  let low = 0;
  let high = table.starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((table.starts[middle] as number) <= address) low = middle + 1;
    else high = middle - 1;
  }
  // `high` is now the last row starting at or before the address.
  return high >= 0 && address <= (table.ends[high] as number) ? record(table, high) : null;
}

/** The row holding the IPv6 address whose upper and lower 64 bits are `hi` and `lo`, or null. */
export function findAsnIpv6(table: Ipv6AsnTable, hi: bigint, lo: bigint): AsnRecord | null {
  const atOrBefore = (aHi: bigint, aLo: bigint) => aHi < hi || (aHi === hi && aLo <= lo);
  let low = 0;
  let high = table.startHi.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (atOrBefore(table.startHi[middle] as bigint, table.startLo[middle] as bigint)) low = middle + 1;
    else high = middle - 1;
  }
  if (high < 0) return null;
  const endHi = table.endHi[high] as bigint;
  const endLo = table.endLo[high] as bigint;
  return hi < endHi || (hi === endHi && lo <= endLo) ? record(table, high) : null;
}
