import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { findAsnIpv4, findAsnIpv6, parseAsnIpv4Csv, parseAsnIpv6Csv } from "@/lib/ip/asn-table";

// The hand-written CSV reader in lib/ip/asn-table.ts against csv-parse on every row of the installed
// files, and the binary search at every edge of a range.

const csv = (text: string) => Buffer.from(text, "utf8");
const asnDir = path.dirname(createRequire(import.meta.url).resolve("@ip-location-db/asn/package.json"));

describe("parseAsnIpv4Csv and findAsnIpv4", () => {
  const table = parseAsnIpv4Csv(
    csv(
      [
        "0,9,1,First",
        '16,31,2,"Comma, Inc."',
        '32,47,3,"LLC ""SPUTNIK"""',
        "48,63,4,Ünïcode GmbH\r",
        '64,79,2,"Comma, Inc."',
        "4294967280,4294967295,5,Last",
      ].join("\n"),
    ),
  );

  it.each([
    [0, 1, "First"],
    [9, 1, "First"],
    [10, null, null],
    [15, null, null],
    [16, 2, "Comma, Inc."],
    [31, 2, "Comma, Inc."],
    [32, 3, 'LLC "SPUTNIK"'],
    [48, 4, "Ünïcode GmbH"],
    [79, 2, "Comma, Inc."],
    [80, null, null],
    [4294967279, null, null],
    [4294967295, 5, "Last"],
  ])("finds %d in AS%s", (address, number, organization) => {
    expect(findAsnIpv4(table, address)).toEqual(number === null ? null : { number, organization });
  });

  it("keeps one string per organisation", () => {
    expect(table.orgs).toEqual(["First", "Comma, Inc.", 'LLC "SPUTNIK"', "Ünïcode GmbH", "Last"]);
  });

  it("clips an overlapping row so the earlier row wins, and drops a row inside the previous one", () => {
    const clipped = parseAsnIpv4Csv(csv("10,100,1,A\n50,60,2,B\n90,120,3,C\n"));
    expect(clipped.clipped).toBe(2);
    expect([55, 100, 101, 120].map((address) => findAsnIpv4(clipped, address)?.number)).toEqual([1, 1, 3, 3]);
  });

  it.each([
    ["1,2,3\n", "line 1: expected start,end,asn,organization"],
    ["1,2,3,A\n10,x,3,B\n", "line 2: expected a 32-bit unsigned integer"],
    ["1,4294967296,3,A\n", "line 1: 4294967296 does not fit in 32 bits"],
    ["5,4,3,A\n", "line 1: range ends before it starts"],
    ["10,20,3,A\n1,2,3,B\n", "line 2: rows are not sorted by start"],
    ['1,2,3,"A\n', "line 1: unterminated quoted organization"],
  ])("refuses %j", (text, message) => {
    expect(() => parseAsnIpv4Csv(csv(text))).toThrow(message);
  });

  it("finds nothing in an empty table", () => {
    expect(findAsnIpv4(parseAsnIpv4Csv(csv("")), 1)).toBeNull();
  });
});

describe("parseAsnIpv6Csv and findAsnIpv6", () => {
  const two64 = 1n << 64n;
  const table = parseAsnIpv6Csv(
    csv(
      [
        `${two64 - 1n},${two64 + 5n},7,Straddles the halves`,
        `${3n * two64},${4n * two64 - 1n},8,"Whole /64s, quoted"`,
        `${(1n << 128n) - 2n},${(1n << 128n) - 1n},9,Top`,
      ].join("\n"),
    ),
  );
  const find = (value: bigint) => findAsnIpv6(table, value >> 64n, value & (two64 - 1n))?.number ?? null;

  it.each([
    [0n, null],
    [two64 - 2n, null],
    [two64 - 1n, 7],
    [two64, 7],
    [two64 + 5n, 7],
    [two64 + 6n, null],
    [3n * two64, 8],
    [4n * two64 - 1n, 8],
    [4n * two64, null],
    [(1n << 128n) - 1n, 9],
  ])("finds %s in AS%s", (value, number) => {
    expect(find(value)).toBe(number);
  });

  it("refuses a number past 128 bits", () => {
    expect(() => parseAsnIpv6Csv(csv(`0,${1n << 128n},1,A`))).toThrow("does not fit in 128 bits");
  });
});

describe("against csv-parse on the installed data", () => {
  it.each([
    ["asn-ipv4-num.csv", (bytes: Buffer) => tableRows4(parseAsnIpv4Csv(bytes))],
    ["asn-ipv6-num.csv", (bytes: Buffer) => tableRows6(parseAsnIpv6Csv(bytes))],
  ])(
    "reads every row of %s as csv-parse does",
    (file, read) => {
      const bytes = readFileSync(path.join(asnDir, file));
      const expected: string[][] = parse(bytes);
      const rows = read(bytes);
      // Overlaps are clipped (earlier row wins); everything else must be the row as csv-parse reads it.
      // Mismatches are collected, not asserted one by one: 412,000 expect() calls take seconds.
      const mismatches: unknown[] = [];
      let previousEnd = -1n;
      let at = 0;
      for (const [start, end, asn, org] of expected) {
        const [from, to] = [BigInt(start as string), BigInt(end as string)];
        if (to <= previousEnd) continue;
        const want = [from <= previousEnd ? previousEnd + 1n : from, to, Number(asn), org];
        const got = rows[at];
        if (!got || got.some((value, i) => value !== want[i])) mismatches.push({ row: at, got, want });
        previousEnd = to;
        at += 1;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(rows).toHaveLength(at);
    },
    30_000,
  );
});

function tableRows4(table: ReturnType<typeof parseAsnIpv4Csv>) {
  return Array.from(table.starts, (start, i) => [
    BigInt(start),
    BigInt(table.ends[i] as number),
    table.asns[i],
    table.orgs[table.orgIndex[i] as number],
  ]);
}

function tableRows6(table: ReturnType<typeof parseAsnIpv6Csv>) {
  const join = (hi: bigint | undefined, lo: bigint | undefined) => ((hi ?? 0n) << 64n) | (lo ?? 0n);
  return Array.from(table.startHi, (hi, i) => [
    join(hi, table.startLo[i]),
    join(table.endHi[i], table.endLo[i]),
    table.asns[i],
    table.orgs[table.orgIndex[i] as number],
  ]);
}
