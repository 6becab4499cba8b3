import { z } from "zod";
import { conditionsSchema, type SuppressionCondition } from "@/lib/suppressions/conditions";

// What the API takes to create, change or preview a suppression. Every refusal names its field.

export const SUPPRESSION_STATES = ["active", "expiring", "expired", "disabled"] as const;
export type SuppressionState = (typeof SUPPRESSION_STATES)[number];

/** Longer than this needs an admin. The editor proposes DEFAULT_DAYS. */
export const MAX_ANALYST_DAYS = 90;
export const DEFAULT_DAYS = 30;
export const EXPIRING_DAYS = 7;
const DAY = 86_400_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const text = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `at most ${max} characters`)
    .refine((value) => !CONTROL.test(value), "contains a control character");

const instant = z
  .string({ error: "must be a date and time, such as 2026-12-04T10:00:00Z" })
  .max(40, "must be a date and time, such as 2026-12-04T10:00:00Z")
  .pipe(z.iso.datetime({ offset: true, error: "must be a date and time, such as 2026-12-04T10:00:00Z" }))
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() < LATEST, "must fall between the years 2000 and 2099");

const ruleIds = z
  .array(z.string().min(1).max(200), { error: "must be a list of rule ids, or null for every rule" })
  .min(1, "name at least one rule, or null for every rule")
  .max(50)
  .nullable();

const fields = {
  name: text(200, "give it a name"),
  reason: text(4000, "say why: a reason is required"),
  ruleIds: ruleIds.optional(),
  conditions: conditionsSchema,
  startsAt: instant.optional(),
  expiresAt: instant,
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  ownerId: z.uuid({ error: "must be a user id" }).optional(),
};

function windowInOrder(
  value: { startsAt?: Date; expiresAt?: Date },
  context: z.core.$RefinementCtx,
  now = new Date(),
): void {
  const start = value.startsAt ?? now;
  if (value.expiresAt && value.expiresAt.getTime() <= start.getTime()) {
    context.addIssue({
      code: "custom",
      path: ["expiresAt"],
      message: `must be after startsAt (${start.toISOString()})`,
    });
  }
}

export const suppressionDraftSchema = z
  .object(fields)
  .strict()
  .superRefine((value, context) => {
    windowInOrder(value, context);
  });
export type SuppressionDraft = z.infer<typeof suppressionDraftSchema>;

/** A change: any of the fields, and the version it was made from (a stale one is refused with 409). */
export const suppressionPatchSchema = z
  .object({
    name: fields.name.optional(),
    reason: fields.reason.optional(),
    ruleIds: fields.ruleIds,
    conditions: fields.conditions.optional(),
    startsAt: fields.startsAt,
    expiresAt: fields.expiresAt.optional(),
    enabled: fields.enabled,
    ownerId: fields.ownerId,
    version: z.number({ error: "must be the version you changed" }).int().min(1),
  })
  .strict();
export type SuppressionPatch = z.infer<typeof suppressionPatchSchema>;

/** A draft to preview; with `id`, it replaces that suppression. */
export const suppressionPreviewSchema = z
  .object({ ...fields, id: z.uuid({ error: "must be a suppression id" }).optional() })
  .strict()
  .superRefine((value, context) => windowInOrder(value, context));

export const suppressionListQuery = z.object({
  state: z.enum(SUPPRESSION_STATES, { error: `use one of ${SUPPRESSION_STATES.join(", ")}` }).optional(),
  q: z
    .string()
    .max(200, "at most 200 characters")
    .refine((value) => !CONTROL.test(value) && !value.includes("\t"), "contains a control character")
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Whether the suppression stays in force longer than an analyst may set: from now (or from its start,
 * when that is later) to its expiry. A start in the past only reaches back over events already stored.
 */
export const needsAdmin = (startsAt: Date, expiresAt: Date, now: Date = new Date()) =>
  expiresAt.getTime() - Math.max(startsAt.getTime(), now.getTime()) > MAX_ANALYST_DAYS * DAY;

/** Which tab a suppression is on, now. */
export function stateOf(row: { enabled: boolean; expiresAt: Date }, now: Date = new Date()): SuppressionState {
  if (!row.enabled) return "disabled";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (row.expiresAt.getTime() <= now.getTime() + EXPIRING_DAYS * DAY) return "expiring";
  return "active";
}

export interface SuppressionSnapshot {
  name: string;
  reason: string;
  ruleIds: string[] | null;
  conditions: SuppressionCondition[];
  startsAt: string;
  expiresAt: string;
  enabled: boolean;
  ownerId: string | null;
}
