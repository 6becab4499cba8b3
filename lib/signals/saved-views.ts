import { z } from "zod";
import {
  signalFilterShape,
  signalFiltersSchema,
  signalSearchParams,
  signalSeverities,
  signalSortSchema,
  signalStatuses,
} from "@/lib/signals/filters";

// Saved views: a user's named filter sets on the Signals page. A view stores the page's URL search
// string, checked with the API's strict filter schemas and normalised, so a view that was saved always
// opens, and two views with the same filters have the same query.

export const SAVED_VIEW_NAME_MAX = 80;
export const SAVED_VIEW_QUERY_MAX = 4096;

/** The filters a view may hold, in the order a normalised query lists them. The page number is not one. */
type ViewKey = keyof typeof signalFilterShape | "sort";
export const savedViewKeys = [...Object.keys(signalFilterShape), "sort"] as ViewKey[];

const listKeys = new Set<ViewKey>(["status", "severity"]);

/** One problem with a view's query, as a sentence that starts with the field it is about. */
function fieldIssue(field: string, issue: z.core.$ZodIssue): string {
  const message =
    issue.code === "invalid_value"
      ? `must be one of ${issue.values.map(String).join(", ")}`
      : issue.code === "invalid_type" && issue.expected === "date"
        ? "must be a date or an ISO 8601 time"
        : issue.message;
  return /^[a-z`]/.test(message) ? `${field} ${message}` : `${field}: ${message}`;
}

const queryError = (messages: string[]) =>
  new z.ZodError(messages.map((message) => ({ code: "custom" as const, message, path: [], input: undefined })));

/** Enum values in their declared order, once each: `severity=high,low,high` and `low,high` are the same view. */
function canonicalList<T extends string>(values: T[] | undefined, order: readonly T[]): T[] | undefined {
  return values && order.filter((value) => values.includes(value));
}

/**
 * Checks a Signals page query string (a leading `?` is allowed) with the API's strict filter schemas and
 * returns it normalised: known filters only, in a fixed order, lists comma-joined in their declared
 * order, times as ISO instants, blanks and the page number left out. Throws a ZodError whose messages
 * name the offending filter.
 */
export function normalizeViewQuery(query: string): string {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const raw: Record<string, string | string[]> = {};
  const problems: string[] = [];
  for (const key of new Set(params.keys())) {
    if (key === "page") continue;
    if (!(savedViewKeys as string[]).includes(key)) {
      problems.push(`\`${key}\` is not a signal filter (use ${savedViewKeys.join(", ")})`);
      continue;
    }
    const values = params.getAll(key);
    if (values.length > 1 && !listKeys.has(key as ViewKey)) problems.push(`${key} must be given once`);
    raw[key] = values.length === 1 ? (values[0] as string) : values;
  }
  if (problems.length > 0) throw queryError(problems);

  // signalFiltersSchema is signalFilterShape, strict, plus the from ≤ to check: the API's own rules.
  const { sort, ...filterInput } = raw;
  const filters = signalFiltersSchema.safeParse(filterInput);
  const sorted = signalSortSchema.optional().safeParse(sort);
  const issues = [
    ...(filters.error?.issues ?? []).map((issue) => fieldIssue(String(issue.path[0] ?? "query"), issue)),
    ...(sorted.error?.issues ?? []).map((issue) => fieldIssue("sort", issue)),
  ];
  if (!filters.success || !sorted.success) throw queryError(issues);

  const values = {
    ...filters.data,
    status: canonicalList(filters.data.status, signalStatuses),
    severity: canonicalList(filters.data.severity, signalSeverities),
    sort: sorted.data,
  };
  return signalSearchParams(Object.fromEntries(savedViewKeys.map((key) => [key, values[key]])));
}

const viewNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(SAVED_VIEW_NAME_MAX, `must have at most ${SAVED_VIEW_NAME_MAX} characters`);

const viewQuerySchema = z
  .string()
  .max(SAVED_VIEW_QUERY_MAX, `must have at most ${SAVED_VIEW_QUERY_MAX} characters`)
  .transform((query, ctx) => {
    try {
      return normalizeViewQuery(query);
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      for (const issue of error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }
  });

export const savedViewInputSchema = z.object({ name: viewNameSchema, query: viewQuerySchema });
export type SavedViewInput = z.infer<typeof savedViewInputSchema>;

export const savedViewPatchSchema = z
  .object({ name: viewNameSchema.optional(), query: viewQuerySchema.optional() })
  .refine((patch) => patch.name !== undefined || patch.query !== undefined, "give a new name, a new query or both");
export type SavedViewPatch = z.infer<typeof savedViewPatchSchema>;

/** A saved view as the API returns it. */
export interface SavedView {
  id: string;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
}
