import { describe, expect, it } from "vitest";
import { signalSorts } from "@/lib/signals/filters";
import { type KeysetWhere, keysetAfter, orderByOf, signalOrderKeys } from "@/lib/signals/order";

// The keyset helper, checked by evaluating the where it builds on rows in memory: for every sort and every
// row as the cursor, the rows after it are exactly the ones an independent sort puts after it.

type Row = { lastSeen: Date; firstSeen: Date; severity: string; eventCount: number; id: string };
const severityRank = ["info", "low", "medium", "high", "critical"];

type Filter = { equals?: unknown; lt?: unknown; lte?: unknown; gt?: unknown; gte?: unknown; in?: unknown[] };
const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : (value as number | string));

function matches(row: Row, where: KeysetWhere<Row>): boolean {
  if ("AND" in where) return (where.AND ?? []).every((part) => matches(row, part));
  if ("OR" in where) return (where.OR ?? []).some((part) => matches(row, part));
  return Object.entries(where).every(([field, filter]) => {
    const value = comparable(row[field as keyof Row]);
    const f = filter as Filter;
    return (
      (f.equals === undefined || value === comparable(f.equals)) &&
      (f.lt === undefined || value < comparable(f.lt)) &&
      (f.lte === undefined || value <= comparable(f.lte)) &&
      (f.gt === undefined || value > comparable(f.gt)) &&
      (f.gte === undefined || value >= comparable(f.gte)) &&
      (f.in === undefined || f.in.includes(value))
    );
  });
}

/** Few distinct values, so every key ties often. */
const rows: Row[] = Array.from({ length: 40 }, (_, index) => ({
  lastSeen: new Date(Date.UTC(2026, 0, 1, index % 3)),
  firstSeen: new Date(Date.UTC(2025, 11, 31, index % 4)),
  severity: severityRank[(index * 7) % 5] as string,
  eventCount: (index * 5) % 3,
  id: `00000000-0000-4000-8000-${String((index * 17) % 97).padStart(12, "0")}`,
}));

function independentSort(sort: string): Row[] {
  const isDescending = sort.startsWith("-");
  const field = (isDescending ? sort.slice(1) : sort) as keyof Row;
  const value = (row: Row, key: keyof Row) =>
    key === "severity" ? severityRank.indexOf(row.severity) : comparable(row[key]);
  const sign = isDescending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const primary = value(a, field) < value(b, field) ? -1 : value(a, field) > value(b, field) ? 1 : 0;
    if (primary !== 0) return sign * primary;
    // Ties: most recent first, then the id, all turned round for an ascending sort.
    const recent = b.lastSeen.getTime() - a.lastSeen.getTime();
    if (recent !== 0) return -sign * recent;
    return -sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

describe("signal order keys", () => {
  it("sort by the field, then most recent activity unless that was the field, then id; ascending reverses it all", () => {
    expect(orderByOf(signalOrderKeys("-lastSeen"))).toEqual([{ lastSeen: "desc" }, { id: "asc" }]);
    expect(orderByOf(signalOrderKeys("lastSeen"))).toEqual([{ lastSeen: "asc" }, { id: "desc" }]);
    expect(orderByOf(signalOrderKeys("severity"))).toEqual([{ severity: "asc" }, { lastSeen: "asc" }, { id: "desc" }]);
    expect(orderByOf(signalOrderKeys("-eventCount"))).toEqual([
      { eventCount: "desc" },
      { lastSeen: "desc" },
      { id: "asc" },
    ]);
  });

  it("hold the severities in the database's enum order", () => {
    expect(signalOrderKeys("severity")[0]?.values).toEqual(severityRank);
  });
});

describe("keysetAfter", () => {
  it.each(signalSorts)("finds exactly the rows after each cursor in %s order, through ties", (sort) => {
    const ordered = independentSort(sort);
    const keys = signalOrderKeys(sort);
    ordered.forEach((cursor, index) => {
      const after = ordered.filter((row) => matches(row, keysetAfter(keys, cursor)));
      expect(after.map((row) => row.id)).toEqual(ordered.slice(index + 1).map((row) => row.id));
    });
  });

  it("filters severity with `in` the values after the cursor's, never lt or gt", () => {
    const cursor = rows.find((row) => row.severity === "medium") as Row;
    const where = keysetAfter(signalOrderKeys("-severity"), cursor);
    expect(where).toEqual({
      AND: [
        { severity: { in: ["info", "low", "medium"] } },
        {
          OR: [
            { AND: [{ severity: { in: ["info", "low"] } }] },
            { AND: [{ severity: { equals: "medium" } }, { lastSeen: { lt: cursor.lastSeen } }] },
            {
              AND: [
                { severity: { equals: "medium" } },
                { lastSeen: { equals: cursor.lastSeen } },
                { id: { gt: cursor.id } },
              ],
            },
          ],
        },
      ],
    });
  });

  it("leaves out a key with nothing after the cursor on it (the lowest severity, descending)", () => {
    const cursor = { ...(rows[0] as Row), severity: "info" };
    const where = keysetAfter(signalOrderKeys("-severity"), cursor) as { AND: [unknown, { OR: unknown[] }] };
    expect(where.AND[0]).toEqual({ severity: { in: ["info"] } });
    expect(where.AND[1].OR).toHaveLength(2);
  });
});
