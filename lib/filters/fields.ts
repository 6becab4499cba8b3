import { z } from "zod";

// Filter fields shared by the events and signals filters (lib/events/filters.ts, lib/signals/filters.ts).
// A blank value means "no filter", as an empty form field does. Text refuses a NUL byte: PostgreSQL
// cannot store or compare one, so it would otherwise fail in the database as a 500.

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes("\0"), "must not contain a NUL byte");

/** An exact-match text filter; ARNs can be long (role session names), so allow room. */
export const exactFilter = z.preprocess(blankToUndefined, text(2048).optional());

/** Free text, matched in part. */
export const searchFilter = z.preprocess(blankToUndefined, text(200).optional());

/** The instants a filter may name, inclusive: what PostgreSQL stores and people mean. Shared with lib/entities. */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An instant: an ISO 8601 time (or anything `Date` reads), from 1970 to 9999. JavaScript reads dates
 * PostgreSQL cannot store (year 0, years before Christ, the year 275760), which would fail as a 500.
 */
const instant = z.coerce
  .date({ error: "must be a date and time, such as 2026-12-04T10:00:00Z" })
  .refine(
    (date) => date.getTime() >= EARLIEST_INSTANT && date.getTime() <= LATEST_INSTANT,
    "must be a date between 1970-01-01 and 9999-12-31 (UTC)",
  );

export const instantFilter = z.preprocess(blankToUndefined, instant.optional());

/** The upload some rows came from. */
export const uploadFilter = z.preprocess(
  blankToUndefined,
  z.guid({ error: "must be an upload id (a UUID)" }).optional(),
);

export function optionalFilter<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

/** One value or several (repeated, or comma-separated) of an enum. */
export function listFilter<T extends string>(values: readonly [T, ...T[]]) {
  return z.preprocess((value) => {
    if (value === undefined || value === "") return undefined;
    const items = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(","));
    const trimmed = items.map((item) => item.trim()).filter(Boolean);
    return trimmed.length > 0 ? trimmed : undefined;
  }, z.array(z.enum(values)).optional());
}

/** `from` ≤ `to` when both are given; with `timeRangeIssue`, for `.refine` on a filters object. */
export function timeRangeInOrder(filters: { from?: Date; to?: Date }): boolean {
  return !filters.from || !filters.to || filters.from <= filters.to;
}
export const timeRangeIssue = { message: "must not be after `to`", path: ["from"] };
