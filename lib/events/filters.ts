import { z } from "zod";
import {
  exactFilter,
  instantFilter,
  optionalFilter,
  searchFilter,
  timeRangeInOrder,
  timeRangeIssue,
  uploadFilter,
} from "@/lib/filters/fields";
import { CredentialType } from "@/lib/generated/prisma/enums";
import { pageQuerySchema } from "@/lib/page";

// The event filters, shared by the events API, its export and the Events page (whose URL reads them
// through lib/events/search-params.ts). Text filters are exact matches (after trimming): the
// (column, event_time) indexes serve equality, and a partial match over a million events could not use
// them. The one exception is `q`, free text, which reads every event the other filters leave.

export const credentialTypes = Object.values(CredentialType);

export const eventFilterShape = {
  principal: exactFilter,
  ip: exactFilter,
  accessKeyId: exactFilter,
  eventName: exactFilter,
  eventSource: exactFilter,
  errorCode: exactFilter,
  awsRegion: exactFilter,
  /**
   * Free text, any case: part of the event name, source, error code, error message or user agent, or a
   * whole event id or request id.
   */
  q: searchFilter,
  credentialType: optionalFilter(z.enum(CredentialType)),
  /** The upload the events came from. */
  upload: uploadFilter,
  /** Inclusive bounds on eventTime. */
  from: instantFilter,
  to: instantFilter,
};

export const eventFiltersSchema = z.object(eventFilterShape).refine(timeRangeInOrder, timeRangeIssue);
export type EventFilters = z.infer<typeof eventFiltersSchema>;

export const eventQuerySchema = z
  .object({ ...eventFilterShape, ...pageQuerySchema.shape })
  .refine(timeRangeInOrder, timeRangeIssue);

export const exportFormats = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const eventExportQuerySchema = z
  .object({ ...eventFilterShape, format: z.enum(exportFormats).default("csv") })
  .refine(timeRangeInOrder, timeRangeIssue);

/** A query string for the events API, its export or the page: dates as ISO instants, blanks left out. */
export function eventSearchParams(values: Record<string, string | number | Date | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === "") continue;
    params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  return params.toString();
}
