import { z } from "zod";
import {
  exactFilter,
  instantFilter,
  listFilter,
  optionalFilter,
  searchFilter,
  timeRangeInOrder,
  timeRangeIssue,
  uploadFilter,
} from "@/lib/filters/fields";
import { Severity, SignalStatus } from "@/lib/generated/prisma/enums";
import { pageQuerySchema } from "@/lib/page";

// The signal filters, shared by the signals API and the Signals page (whose URL reads them through
// lib/signals/search-params.ts). Status and severity take one value or several (repeated, or
// comma-separated); text filters are exact, except `q`, which searches the title, the principal and the
// group key.

export const signalStatuses = Object.values(SignalStatus) as [SignalStatus, ...SignalStatus[]];
export const signalSeverities = Object.values(Severity) as [Severity, ...Severity[]];

/**
 * Who a signal is assigned to: a user id, `me` (the caller, resolved on the server) or `none`
 * (unassigned). `me` keeps a saved view or a shared link meaning "mine" for whoever opens it.
 */
const assigneeFilter = optionalFilter(
  z.union([z.literal("me"), z.literal("none"), z.guid({ error: "must be `me`, `none` or a user id" })]),
);

export const signalFilterShape = {
  status: listFilter(signalStatuses),
  severity: listFilter(signalSeverities),
  ruleId: exactFilter,
  assignee: assigneeFilter,
  principal: exactFilter,
  ip: exactFilter,
  accessKeyId: exactFilter,
  /** Signals with an event from this upload. */
  upload: uploadFilter,
  /** Signals active in the range: last seen at or after `from`, first seen at or before `to`. */
  from: instantFilter,
  to: instantFilter,
  q: searchFilter,
  /**
   * Suppressed signals (retired because suppressions leave out their matches) are out of the lists;
   * `only` lists them instead.
   */
  suppressed: optionalFilter(z.enum(["only"], { error: "must be `only`, or left out" })),
  /** The signals one suppression hides (suppressed ones only). */
  suppression: optionalFilter(z.uuid({ error: "must be a suppression id" })),
};

/**
 * The list's order: a field, descending when prefixed with `-`. Ties go to the most recent activity,
 * then the id, so paging and export never repeat or skip a signal; an ascending sort is the descending
 * one turned round (lib/signals/order.ts).
 */
export const signalSorts = [
  "-lastSeen",
  "lastSeen",
  "-firstSeen",
  "firstSeen",
  "-severity",
  "severity",
  "-eventCount",
  "eventCount",
] as const;
export type SignalSort = (typeof signalSorts)[number];
export const defaultSignalSort: SignalSort = "-lastSeen";
export const signalSortSchema = z.enum(signalSorts, { error: `must be one of ${signalSorts.join(", ")}` });

export const signalFiltersSchema = z.object(signalFilterShape).refine(timeRangeInOrder, timeRangeIssue);
export type SignalFilters = z.infer<typeof signalFiltersSchema>;

export const signalQuerySchema = z
  .object({ ...signalFilterShape, ...pageQuerySchema.shape, sort: signalSortSchema.default(defaultSignalSort) })
  .refine(timeRangeInOrder, timeRangeIssue);

export const signalExportFormats = ["csv", "json"] as const;

export const signalExportQuerySchema = z
  .object({
    ...signalFilterShape,
    format: z.enum(signalExportFormats).default("csv"),
    sort: signalSortSchema.default(defaultSignalSort),
  })
  .refine(timeRangeInOrder, timeRangeIssue);

/** A query string for the signals API or page: lists comma-joined, dates as ISO instants, blanks left out. */
export function signalSearchParams(values: Record<string, string | number | Date | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    params.set(
      key,
      value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(",") : String(value),
    );
  }
  return params.toString();
}
