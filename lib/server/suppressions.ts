import "server-only";
import type { Actor } from "@/lib/auth/access";
import { auditActorOf, recordAudit } from "@/lib/auth/audit";
import { type Db, getDb } from "@/lib/db/client";
import { containsText } from "@/lib/db/like";
import { getPool } from "@/lib/db/pool";
import { builtInRule } from "@/lib/detection/catalog";
import { regroupQueued } from "@/lib/detection/engine/drain";
import type { Queryable } from "@/lib/detection/engine/rules-store";
import { queueGroups, touchedGroups } from "@/lib/detection/engine/suppress";
import { previewSuppression, type SuppressionPreview } from "@/lib/detection/engine/suppression-preview";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { describeConditions, type SuppressionCondition } from "@/lib/suppressions/conditions";
import type { SuppressionDefinition } from "@/lib/suppressions/matcher";
import {
  EXPIRING_DAYS,
  MAX_ANALYST_DAYS,
  needsAdmin,
  type SuppressionDraft,
  type SuppressionPatch,
  type SuppressionSnapshot,
  type SuppressionState,
  stateOf,
} from "@/lib/suppressions/schema";
import type {
  ImportPlan,
  SuppressionFile,
  SuppressionHistoryEntry,
  SuppressionItem,
  SuppressionList,
} from "@/lib/suppressions/types";

// Suppression lists. A change (create, edit, enable, disable, delete) writes the suppression, its next
// version with what changed in words, the audit entry and the regrouping queue entries of every group it
// touches (those its old or new form covers), all in one transaction; then it regroups those groups at
// once, so the answer shows the effect. If that is cut short, the worker's periodic drain does the rest:
// nothing is lost. Signals follow from the matches and the suppressions in force, so undoing a change
// (disabling, deleting, narrowing) brings the signals back with their history through the same regrouping.

const DAY = 86_400_000;
type Tx = Prisma.TransactionClient;

/** Prisma's transaction as the detection engine's `query`. */
function queryable(tx: Tx): Queryable {
  return {
    query: async (text: string, params: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe(text, ...params) }),
  } as unknown as Queryable;
}

function databaseUrl(): string {
  if (!env.DATABASE_URL) throw new AppError("UNAVAILABLE", "The database is not configured.");
  return env.DATABASE_URL;
}

const include = {
  owner: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true } },
} as const;

type Row = Prisma.SuppressionGetPayload<{ include: typeof include }>;

interface Counts {
  hits: number;
  lastHitAt: Date | null;
  signalsHidden: number;
}

async function countsFor(db: Db, ids: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(ids.map((id) => [id, { hits: 0, lastHitAt: null, signalsHidden: 0 }]));
  if (ids.length === 0) return out;
  const [hits, hidden] = await Promise.all([
    db.$queryRawUnsafe<{ id: string; hits: number; last: Date | null }[]>(
      `SELECT suppression_id::text AS id, count(*)::int AS hits, max(event_time) AS last
         FROM suppressed_matches WHERE suppression_id = ANY($1::uuid[]) GROUP BY 1`,
      ids,
    ),
    db.$queryRawUnsafe<{ id: string; n: number }[]>(
      `SELECT u.id::text AS id, count(*)::int AS n
         FROM signals s CROSS JOIN LATERAL unnest(s.suppressed_by_ids) AS u(id)
        WHERE s.suppressed_by_ids && $1::uuid[] AND s.retired_at IS NOT NULL AND s.merged_into_id IS NULL
          AND u.id = ANY($1::uuid[])
        GROUP BY 1`,
      ids,
    ),
  ]);
  for (const row of hits) Object.assign(out.get(row.id) as Counts, { hits: row.hits, lastHitAt: row.last });
  for (const row of hidden) (out.get(row.id) as Counts).signalsHidden = row.n;
  return out;
}

const conditionsOf = (row: { conditions: unknown }) => row.conditions as SuppressionCondition[];

function toItem(row: Row, counts: Counts, now = new Date()): SuppressionItem {
  return {
    id: row.id,
    name: row.name,
    reason: row.reason,
    ruleIds: row.allRules ? null : row.ruleIds,
    conditions: conditionsOf(row),
    description: describeConditions(conditionsOf(row)),
    startsAt: row.startsAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    enabled: row.enabled,
    state: stateOf(row, now),
    version: row.version,
    owner: row.owner,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    hits: counts.hits,
    lastHitAt: counts.lastHitAt?.toISOString() ?? null,
    signalsHidden: counts.signalsHidden,
  };
}

function stateWhere(state: SuppressionState | undefined, now: Date): Prisma.SuppressionWhereInput {
  const soon = new Date(now.getTime() + EXPIRING_DAYS * DAY);
  switch (state) {
    case "active":
      return { enabled: true, expiresAt: { gt: now } };
    case "expiring":
      return { enabled: true, expiresAt: { gt: now, lte: soon } };
    case "expired":
      return { enabled: true, expiresAt: { lte: now } };
    case "disabled":
      return { enabled: false };
    default:
      return {};
  }
}

export async function listSuppressions(options: {
  state?: SuppressionState;
  q?: string;
  page: number;
  pageSize: number;
}): Promise<SuppressionList> {
  const db = getDb();
  const now = new Date();
  const text = options.q?.trim();
  const base: Prisma.SuppressionWhereInput = {
    deletedAt: null,
    ...(text
      ? {
          OR: [{ name: containsText(text) }, { reason: containsText(text) }],
        }
      : {}),
  };
  const where = { ...base, ...stateWhere(options.state, now) };
  const [rows, total, ...tabCounts] = await Promise.all([
    db.suppression.findMany({
      where,
      include,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    db.suppression.count({ where }),
    ...(["active", "expiring", "expired", "disabled"] as const).map((state) =>
      db.suppression.count({ where: { ...base, ...stateWhere(state, now) } }),
    ),
  ]);
  const counts = await countsFor(
    db,
    rows.map((row) => row.id),
  );
  const [active, expiring, expired, disabled] = tabCounts as number[];
  return {
    data: rows.map((row) => toItem(row, counts.get(row.id) as Counts, now)),
    total,
    page: options.page,
    pageSize: options.pageSize,
    counts: {
      active: active ?? 0,
      expiring: expiring ?? 0,
      expired: expired ?? 0,
      disabled: disabled ?? 0,
    },
  };
}

export async function getSuppression(id: string, db: Db = getDb()): Promise<SuppressionItem | null> {
  const row = await db.suppression.findFirst({ where: { id, deletedAt: null }, include });
  if (!row) return null;
  return toItem(row, (await countsFor(db, [id])).get(id) as Counts);
}

export async function suppressionHistory(id: string): Promise<SuppressionHistoryEntry[] | null> {
  const db = getDb();
  const exists = await db.suppression.findUnique({ where: { id }, select: { id: true } });
  if (!exists) return null;
  const versions = await db.suppressionVersion.findMany({
    where: { suppressionId: id },
    include: { changedBy: { select: { id: true, name: true } } },
    orderBy: [{ version: "desc" }, { createdAt: "desc" }],
  });
  return versions.map((version) => ({
    version: version.version,
    action: version.action,
    at: version.createdAt.toISOString(),
    by: version.changedBy,
    changes: version.changes as string[],
  }));
}

// ---------------------------------------------------------------------------------------------------
// Changes

const snapshotOf = (row: {
  name: string;
  reason: string;
  allRules: boolean;
  ruleIds: string[];
  conditions: unknown;
  startsAt: Date;
  expiresAt: Date;
  enabled: boolean;
  ownerId: string | null;
}): SuppressionSnapshot => ({
  name: row.name,
  reason: row.reason,
  ruleIds: row.allRules ? null : row.ruleIds,
  conditions: conditionsOf(row),
  startsAt: row.startsAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  enabled: row.enabled,
  ownerId: row.ownerId,
});

const definitionOf = (id: string, version: number, snapshot: SuppressionSnapshot): SuppressionDefinition => ({
  id,
  name: snapshot.name,
  version,
  allRules: snapshot.ruleIds === null,
  ruleIds: snapshot.ruleIds ?? [],
  conditions: snapshot.conditions,
  startsAt: new Date(snapshot.startsAt),
  expiresAt: new Date(snapshot.expiresAt),
});

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
const scopeWords = (ruleIds: string[] | null) =>
  ruleIds === null ? "every rule" : ruleIds.map((id) => builtInRule(id)?.name ?? id).join(", ");

/** What changed between two snapshots, in words; the user names are looked up by the caller. */
function describeChanges(before: SuppressionSnapshot, after: SuppressionSnapshot, owners: Map<string, string>) {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`renamed from “${before.name}” to “${after.name}”`);
  if (before.reason !== after.reason) out.push(`reason changed to “${after.reason}”`);
  const conditions = [describeConditions(before.conditions), describeConditions(after.conditions)];
  if (conditions[0] !== conditions[1]) out.push(`conditions changed from “${conditions[0]}” to “${conditions[1]}”`);
  if (scopeWords(before.ruleIds) !== scopeWords(after.ruleIds)) {
    out.push(`scope changed from ${scopeWords(before.ruleIds)} to ${scopeWords(after.ruleIds)}`);
  }
  if (before.startsAt !== after.startsAt) out.push(`starts ${utc(after.startsAt)} (was ${utc(before.startsAt)})`);
  if (before.expiresAt !== after.expiresAt) out.push(`expires ${utc(after.expiresAt)} (was ${utc(before.expiresAt)})`);
  if (before.enabled !== after.enabled) out.push(after.enabled ? "enabled" : "disabled");
  if (before.ownerId !== after.ownerId) {
    const name = (id: string | null) => (id ? (owners.get(id) ?? "a removed user") : "nobody");
    out.push(`owner changed from ${name(before.ownerId)} to ${name(after.ownerId)}`);
  }
  return out;
}

function describeCreated(after: SuppressionSnapshot): string[] {
  return [
    `created: ${describeConditions(after.conditions)}`,
    `for ${scopeWords(after.ruleIds)}, events from ${utc(after.startsAt)} until ${utc(after.expiresAt)}`,
    ...(after.enabled ? [] : ["disabled"]),
  ];
}

function checkRules(ruleIds: string[] | null | undefined) {
  for (const id of ruleIds ?? []) {
    if (!builtInRule(id)) throw new AppError("INVALID_INPUT", `ruleIds: there is no rule ${id}.`);
  }
}

const isAdmin = (actor: Actor) => actor.kind === "user" && actor.role === "admin";

function checkWindow(actor: Actor, snapshot: SuppressionSnapshot) {
  const start = new Date(snapshot.startsAt);
  const end = new Date(snapshot.expiresAt);
  if (end.getTime() <= start.getTime()) {
    throw new AppError("INVALID_INPUT", `expiresAt: must be after startsAt (${snapshot.startsAt}).`);
  }
  if (needsAdmin(start, end) && !isAdmin(actor)) {
    throw new AppError(
      "FORBIDDEN",
      `expiresAt: a suppression longer than ${MAX_ANALYST_DAYS} days needs an admin; choose an earlier expiry.`,
    );
  }
}

async function checkOwner(tx: Tx, actor: Actor, ownerId: string | null | undefined, current: string | null) {
  if (ownerId === undefined || ownerId === current) return;
  if (!isAdmin(actor)) throw new AppError("FORBIDDEN", "ownerId: only an admin can change a suppression's owner.");
  const user = await tx.user.findUnique({ where: { id: ownerId as string }, select: { disabledAt: true } });
  if (!user || user.disabledAt) throw new AppError("INVALID_INPUT", "ownerId: no active user has this id.");
}

async function userNames(tx: Tx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

interface ChangeContext {
  actor: Actor;
  ip: string | null;
}

const userIdOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/** Regroups what a committed change queued; the worker's drain picks up anything left. */
async function regroupNow(groups: { ruleId: string; groupKey: string }[]) {
  if (groups.length === 0) return;
  const pool = getPool(databaseUrl());
  try {
    for (const group of groups) await regroupQueued(pool, group.ruleId, group.groupKey);
  } catch (error) {
    logger.warn({ err: error, groups: groups.length }, "could not regroup after a suppression change; the worker will");
  }
}

async function writeVersion(
  tx: Tx,
  options: {
    id: string;
    version: number;
    action: string;
    snapshot: SuppressionSnapshot;
    changes: string[];
    actor: Actor;
    ip: string | null;
  },
) {
  await tx.suppressionVersion.create({
    data: {
      suppressionId: options.id,
      version: options.version,
      action: options.action,
      snapshot: options.snapshot as unknown as Prisma.InputJsonObject,
      changes: options.changes,
      changedById: userIdOf(options.actor),
    },
  });
  await recordAudit(tx, {
    actor: auditActorOf(options.actor),
    action: `suppression.${options.action}` as "suppression.created",
    target: { type: "suppression", id: options.id },
    ip: options.ip,
    details: { version: options.version, name: options.snapshot.name, changes: options.changes },
  });
}

export async function createSuppression(
  draft: SuppressionDraft,
  context: ChangeContext,
  options: { action?: "created" | "imported" } = {},
): Promise<SuppressionItem> {
  checkRules(draft.ruleIds);
  const now = new Date();
  const snapshot: SuppressionSnapshot = {
    name: draft.name,
    reason: draft.reason,
    ruleIds: draft.ruleIds ?? null,
    conditions: draft.conditions as SuppressionCondition[],
    startsAt: (draft.startsAt ?? now).toISOString(),
    expiresAt: draft.expiresAt.toISOString(),
    enabled: draft.enabled ?? true,
    ownerId: draft.ownerId ?? userIdOf(context.actor),
  };
  checkWindow(context.actor, snapshot);
  const db = getDb();
  const { id, groups } = await db.$transaction(async (tx) => {
    await checkOwner(tx, context.actor, draft.ownerId, userIdOf(context.actor));
    const row = await tx.suppression.create({
      data: {
        name: snapshot.name,
        reason: snapshot.reason,
        allRules: snapshot.ruleIds === null,
        ruleIds: snapshot.ruleIds ?? [],
        conditions: snapshot.conditions as unknown as Prisma.InputJsonArray,
        startsAt: new Date(snapshot.startsAt),
        expiresAt: new Date(snapshot.expiresAt),
        enabled: snapshot.enabled,
        ownerId: snapshot.ownerId,
        createdById: userIdOf(context.actor),
      },
    });
    await writeVersion(tx, {
      id: row.id,
      version: 1,
      action: options.action ?? "created",
      snapshot,
      changes: describeCreated(snapshot),
      ...context,
    });
    const touched = snapshot.enabled ? await touchedGroups(queryable(tx), [definitionOf(row.id, 1, snapshot)]) : [];
    await queueGroups(queryable(tx), touched);
    return { id: row.id, groups: touched };
  });
  await regroupNow(groups);
  return (await getSuppression(id)) as SuppressionItem;
}

async function change(
  id: string,
  context: ChangeContext,
  expectedVersion: number,
  apply: (before: SuppressionSnapshot, tx: Tx) => Promise<{ after: SuppressionSnapshot; action: string }>,
  options: { delete?: boolean } = {},
): Promise<void> {
  const db = getDb();
  const groups = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ version: number }[]>`
      SELECT version FROM suppressions WHERE id = ${id}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", `No suppression with id ${id}.`);
    if (locked.version !== expectedVersion) {
      throw new AppError(
        "CONFLICT",
        `The suppression is at version ${locked.version} now, not ${expectedVersion}: someone saved a change first. Reload and try again.`,
      );
    }
    const row = await tx.suppression.findUniqueOrThrow({ where: { id } });
    const before = snapshotOf(row);
    const { after, action } = await apply(before, tx);
    const owners = await userNames(tx, [before.ownerId, after.ownerId]);
    const changes = options.delete ? ["deleted"] : describeChanges(before, after, owners);
    if (changes.length === 0)
      throw new AppError("INVALID_INPUT", "Nothing changed: the suppression is already like this.");
    const version = row.version + 1;
    await tx.suppression.update({
      where: { id },
      data: {
        name: after.name,
        reason: after.reason,
        allRules: after.ruleIds === null,
        ruleIds: after.ruleIds ?? [],
        conditions: after.conditions as unknown as Prisma.InputJsonArray,
        startsAt: new Date(after.startsAt),
        expiresAt: new Date(after.expiresAt),
        enabled: after.enabled,
        ownerId: after.ownerId,
        version,
        ...(options.delete ? { deletedAt: new Date() } : {}),
      },
    });
    await writeVersion(tx, { id, version, action, snapshot: after, changes, ...context });
    // The groups its old form or its new form covers: nothing else can change.
    const definitions = [
      ...(before.enabled ? [definitionOf(id, row.version, before)] : []),
      ...(after.enabled && !options.delete ? [definitionOf(id, version, after)] : []),
    ];
    const touched = await touchedGroups(queryable(tx), definitions);
    await queueGroups(queryable(tx), touched);
    return touched;
  });
  await regroupNow(groups);
}

export async function updateSuppression(id: string, patch: SuppressionPatch, context: ChangeContext) {
  checkRules(patch.ruleIds);
  await change(id, context, patch.version, async (before, tx) => {
    await checkOwner(tx, context.actor, patch.ownerId, before.ownerId);
    const after: SuppressionSnapshot = {
      name: patch.name ?? before.name,
      reason: patch.reason ?? before.reason,
      ruleIds: patch.ruleIds === undefined ? before.ruleIds : patch.ruleIds,
      conditions: (patch.conditions as SuppressionCondition[] | undefined) ?? before.conditions,
      startsAt: patch.startsAt?.toISOString() ?? before.startsAt,
      expiresAt: patch.expiresAt?.toISOString() ?? before.expiresAt,
      enabled: patch.enabled ?? before.enabled,
      ownerId: patch.ownerId ?? before.ownerId,
    };
    // The window is checked when it changes: re-enabling an admin's long suppression stays possible.
    if (after.startsAt !== before.startsAt || after.expiresAt !== before.expiresAt) checkWindow(context.actor, after);
    const onlyToggled =
      after.enabled !== before.enabled &&
      JSON.stringify({ ...after, enabled: null }) === JSON.stringify({ ...before, enabled: null });
    return { after, action: onlyToggled ? (after.enabled ? "enabled" : "disabled") : "updated" };
  });
  return (await getSuppression(id)) as SuppressionItem;
}

export async function deleteSuppression(id: string, version: number | null, context: ChangeContext) {
  const current = await getDb().suppression.findFirst({ where: { id, deletedAt: null }, select: { version: true } });
  if (!current) throw new AppError("NOT_FOUND", `No suppression with id ${id}.`);
  await change(
    id,
    context,
    version ?? current.version,
    async (before) => ({ after: { ...before }, action: "deleted" }),
    { delete: true },
  );
}

/** The draft's effect, computed over the stored data; nothing is written. */
export async function previewSuppressionDraft(draft: SuppressionDraft & { id?: string }): Promise<SuppressionPreview> {
  checkRules(draft.ruleIds);
  const db = getDb();
  let replacing: (SuppressionDefinition & { enabled: boolean }) | null = null;
  if (draft.id) {
    const row = await db.suppression.findFirst({ where: { id: draft.id, deletedAt: null } });
    if (!row) throw new AppError("NOT_FOUND", `No suppression with id ${draft.id}.`);
    replacing = { ...definitionOf(row.id, row.version, snapshotOf(row)), enabled: row.enabled };
  }
  const start = draft.startsAt ?? new Date();
  const definition: SuppressionDefinition & { enabled: boolean } = {
    id: draft.id ?? "draft",
    name: draft.name,
    version: 0,
    allRules: draft.ruleIds == null,
    ruleIds: draft.ruleIds ?? [],
    conditions: draft.conditions as SuppressionCondition[],
    startsAt: start,
    expiresAt: draft.expiresAt,
    enabled: draft.enabled ?? true,
  };
  return db.$transaction((tx) => previewSuppression(queryable(tx), definition, replacing), {
    isolationLevel: "RepeatableRead",
    timeout: 60_000,
  });
}

// ---------------------------------------------------------------------------------------------------
// Export and import

export const EXPORT_FORMAT = "trailtriage.suppressions/v1";

/** Every suppression (not deleted) as a file an import reads back. */
export async function exportSuppressions(): Promise<SuppressionFile> {
  const rows = await getDb().suppression.findMany({
    where: { deletedAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    suppressions: rows.map((row) => {
      const snapshot = snapshotOf(row);
      return {
        name: snapshot.name,
        reason: snapshot.reason,
        ruleIds: snapshot.ruleIds,
        conditions: snapshot.conditions,
        startsAt: snapshot.startsAt,
        expiresAt: snapshot.expiresAt,
        enabled: snapshot.enabled,
      };
    }),
  };
}

/**
 * Compares an import with the current list, by name: what it would add, change or leave, and which entries
 * are refused and why. With `apply`, and only when nothing is refused, it applies the additions and changes
 * (each audited as an import, each regrouping what it touches).
 */
export async function importSuppressions(
  entries: { index: number; name: string; draft: SuppressionDraft | null; problems: string[] }[],
  context: ChangeContext,
  apply: boolean,
): Promise<ImportPlan> {
  const plan: ImportPlan = { added: [], changed: [], unchanged: [], refused: [], applied: false };
  const seen = new Map<string, number>();
  for (const entry of entries) seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
  const current = await getDb().suppression.findMany({ where: { deletedAt: null } });
  const byName = new Map(current.map((row) => [row.name, row]));
  const work: (() => Promise<unknown>)[] = [];
  for (const entry of entries) {
    const problems = [...entry.problems];
    if ((seen.get(entry.name) ?? 0) > 1) problems.push("the file names this suppression more than once");
    for (const id of entry.draft?.ruleIds ?? []) if (!builtInRule(id)) problems.push(`ruleIds: there is no rule ${id}`);
    const draft = entry.draft;
    if (draft && needsAdmin(draft.startsAt ?? new Date(), draft.expiresAt) && !isAdmin(context.actor)) {
      problems.push(`expiresAt: in force more than ${MAX_ANALYST_DAYS} days from now needs an admin`);
    }
    if (problems.length > 0 || !draft) {
      plan.refused.push({ name: entry.name || `entry ${entry.index + 1}`, problems });
      continue;
    }
    const existing = byName.get(draft.name);
    const after: SuppressionSnapshot = {
      name: draft.name,
      reason: draft.reason,
      ruleIds: draft.ruleIds ?? null,
      conditions: draft.conditions as SuppressionCondition[],
      startsAt: (draft.startsAt ?? existing?.startsAt ?? new Date()).toISOString(),
      expiresAt: draft.expiresAt.toISOString(),
      enabled: draft.enabled ?? true,
      ownerId: existing?.ownerId ?? userIdOf(context.actor),
    };
    if (!existing) {
      plan.added.push({ name: draft.name, description: describeConditions(after.conditions) });
      work.push(() => createSuppression(draft, context, { action: "imported" }));
      continue;
    }
    const changes = describeChanges(snapshotOf(existing), after, new Map());
    if (changes.length === 0) {
      plan.unchanged.push(draft.name);
      continue;
    }
    plan.changed.push({ name: draft.name, id: existing.id, changes });
    const { ownerId: _owner, ...patch } = draft;
    work.push(() =>
      updateSuppression(existing.id, { ...patch, ruleIds: draft.ruleIds ?? null, version: existing.version }, context),
    );
  }
  if (apply) {
    if (plan.refused.length > 0) {
      throw new AppError(
        "INVALID_INPUT",
        `Nothing was imported: ${plan.refused.map((entry) => `“${entry.name}” (${entry.problems.join("; ")})`).join(", ")}.`,
      );
    }
    for (const step of work) await step();
    plan.applied = true;
  }
  return plan;
}
