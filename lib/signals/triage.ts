import { z } from "zod";
import { ArchiveReason, type SignalStatus } from "@/lib/generated/prisma/enums";
import { signalFilterShape } from "@/lib/signals/filters";

// Triage: what an analyst may change on a signal, and what each change writes to its history. Pure, so
// the rules (archiving needs a reason and a comment; a reason only goes with archiving) are checked the
// same way for one signal and for a bulk change.

export const archiveReasons = Object.values(ArchiveReason) as [ArchiveReason, ...ArchiveReason[]];
export const triageStatuses = ["open", "under_review", "archived"] as const;

/** Every status: what the API lists when no status is named. */
export const ALL_STATUSES: SignalStatus[] = [...triageStatuses];

/**
 * What needs triage (open and under review): what the Signals page shows, exports and changes in bulk when
 * the analyst names no status. The one definition; the API itself lists every status by default.
 */
export const NEEDS_TRIAGE: SignalStatus[] = ["open", "under_review"];

/** The statuses a page-level action covers: those named, or what needs triage. */
export function statusesOrTriage(statuses: SignalStatus[] | undefined): SignalStatus[] {
  return statuses ?? NEEDS_TRIAGE;
}

export const COMMENT_MAX = 10_000;
const comment = z.string().trim().min(1, "must not be empty").max(COMMENT_MAX);

const changeShape = {
  status: z.enum(triageStatuses).optional(),
  archiveReason: z.enum(archiveReasons).optional(),
  comment: comment.optional(),
  /** A user id, or null to unassign. */
  assigneeId: z.uuid("must be a user id").nullable().optional(),
};

type Change = { status?: SignalStatus; archiveReason?: ArchiveReason; comment?: string; assigneeId?: string | null };

function checkChange(change: Change, context: z.RefinementCtx) {
  if (change.status === "archived" && !change.archiveReason) {
    context.addIssue({
      code: "custom",
      path: ["archiveReason"],
      message: `archiving needs a reason: one of ${archiveReasons.join(", ")}`,
    });
  }
  if (change.status === "archived" && !change.comment) {
    context.addIssue({ code: "custom", path: ["comment"], message: "archiving needs a comment that says why" });
  }
  if (change.archiveReason && change.status !== "archived") {
    context.addIssue({ code: "custom", path: ["archiveReason"], message: "a reason goes with status archived" });
  }
  if (Object.values(change).every((value) => value === undefined)) {
    context.addIssue({ code: "custom", message: "change the status, the assignee, or add a comment" });
  }
}

export const signalUpdateSchema = z
  .object({
    ...changeShape,
    /** The version the change was made from: a newer one means someone else changed the signal first. */
    version: z.number().int().min(1),
  })
  .strict()
  .superRefine(({ version: _version, ...change }, context) => checkChange(change, context));
export type SignalUpdate = z.infer<typeof signalUpdateSchema>;

export const BULK_MAX = 5000;

/** A change to the signals listed, or to every live signal matching a filter. No versions: last writer wins. */
export const signalBulkSchema = z
  .object({
    ...changeShape,
    ids: z.array(z.uuid("must be a signal id")).min(1).max(BULK_MAX).optional(),
    filter: z.object(signalFilterShape).strict().optional(),
  })
  .strict()
  .superRefine((body, context) => {
    const { ids, filter, ...change } = body;
    if ((ids === undefined) === (filter === undefined)) {
      context.addIssue({ code: "custom", path: ["ids"], message: "give either ids or filter" });
    }
    checkChange(change, context);
  });
export type SignalBulkChange = z.infer<typeof signalBulkSchema>;

export const commentSchema = z.object({ body: comment }).strict();

export interface CurrentTriage {
  status: SignalStatus;
  assigneeId: string | null;
}

export interface TriageEntry {
  kind: "status_changed" | "reopened" | "assigned" | "commented";
  details: Record<string, unknown>;
}

/** The history a change writes on a signal in this state; empty when it changes nothing. */
export function triageEntries(current: CurrentTriage, change: Change): TriageEntry[] {
  const entries: TriageEntry[] = [];
  if (change.status && change.status !== current.status) {
    if (current.status === "archived") {
      entries.push({
        kind: "reopened",
        details: { from: "archived", to: change.status, comment: change.comment ?? null },
      });
    } else {
      entries.push({
        kind: "status_changed",
        details: {
          from: current.status,
          to: change.status,
          archiveReason: change.archiveReason ?? null,
          comment: change.comment ?? null,
        },
      });
    }
  }
  if (change.assigneeId !== undefined && change.assigneeId !== current.assigneeId) {
    entries.push({ kind: "assigned", details: { from: current.assigneeId, to: change.assigneeId } });
  }
  // A comment that explains a status change lives in that entry. Sent alone it is a comment; sent with a
  // change that turns out to change nothing here (a bulk archive of an archived signal), it is dropped,
  // so repeating a change is harmless.
  const isExplained = entries.some((entry) => entry.kind !== "assigned" && entry.details.comment);
  const isCommentOnly = change.status === undefined && change.assigneeId === undefined;
  if (change.comment && !isExplained && (isCommentOnly || entries.length > 0)) {
    entries.push({ kind: "commented", details: { body: change.comment } });
  }
  return entries;
}

/** What `POST /api/v1/signals/bulk` answers. */
export interface BulkResult {
  /** Live signals the change was applied to. */
  matched: number;
  changed: number;
  /** Already in the asked state. */
  unchanged: number;
  /** Listed ids that name no live signal (unknown, or merged into another). */
  skipped: string[];
}
