import { z } from "zod";
import { type Bucket, bucketNames, type Window, windowOf } from "@/lib/entities/time-range";
import { EARLIEST_INSTANT, LATEST_INSTANT } from "@/lib/filters/fields";
import { parseSourceAddressParam } from "@/lib/ip/source-param";

// What the investigation API and pages accept: an entity in the path and an optional time range. Values
// come from logs, so the checks refuse only what cannot name anything (empty, control characters, too
// long); an odd but stored value such as a redacted key still opens its view.

/** Control characters (NUL included), which no stored identifier holds and a URL should not carry. */
const CONTROL = /\p{Cc}/u;
const noControl = (field: string) => (value: string) =>
  CONTROL.test(value) ? `${field} contains a control character` : null;

function identifier(field: string, max: number) {
  return z
    .string()
    .transform((value) => value.trim())
    .superRefine((value, context) => {
      const problem =
        value === ""
          ? `${field} is empty`
          : value.length > max
            ? `${field} is ${value.length} characters long; at most ${max} are allowed`
            : noControl(field)(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    });
}

export const principalParamSchema = z.object({ arn: identifier("The principal ARN", 2048) });
export const keyParamSchema = z.object({ id: identifier("The access key id", 256) });
/** A source address; whether it is an address, a service name or an odd stored value is decided later. */
export const ipParamSchema = z.object({ ip: identifier("The source address", 255) });

/** The earliest and latest instants a range may name: PostgreSQL stores years 4713 BC to 294276 AD. */
const instant = (field: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .trim()
      .max(40)
      .optional()
      .transform((value, context) => {
        if (value === undefined) return undefined;
        const time = Date.parse(value);
        if (Number.isNaN(time) || time < EARLIEST_INSTANT || time > LATEST_INSTANT) {
          context.addIssue({
            code: "custom",
            message: `${field} must be an ISO 8601 time between 1970-01-01 and 9999-12-31, such as 2026-03-01T00:00:00Z`,
          });
          return z.NEVER;
        }
        return new Date(time);
      }),
  );

export const rangeQuerySchema = z
  .object({ from: instant("from"), to: instant("to") })
  .refine((range) => !range.from || !range.to || range.from <= range.to, {
    message: "must not be after `to`",
    path: ["from"],
  });
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

export const timelineQuerySchema = z
  .object({
    from: instant("from"),
    to: instant("to"),
    bucket: z.enum(bucketNames as [Bucket, ...Bucket[]]).optional(),
  })
  .refine((range) => !range.from || !range.to || range.from <= range.to, {
    message: "must not be after `to`",
    path: ["from"],
  });

/** The window a range names; null (the whole history) when it names neither end. */
export function rangeWindow(range: RangeQuery): Window | null {
  if (!range.from && !range.to) return null;
  return windowOf(range.from ?? new Date(EARLIEST_INSTANT), range.to ?? new Date(LATEST_INSTANT));
}

/** A source address from a URL: the spellings worth looking up, or why none could name an address. */
export function sourceAddressCandidates(value: string): { candidates: string[]; problem: string | null } {
  const parsed = parseSourceAddressParam(value);
  return parsed.ok
    ? { candidates: parsed.candidates, problem: null }
    : { candidates: [value], problem: parsed.message };
}
