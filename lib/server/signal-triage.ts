import "server-only";
import type { Actor } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { signalWhere } from "@/lib/server/signals";
import {
  BULK_MAX,
  type BulkResult,
  type SignalBulkChange,
  type SignalUpdate,
  type TriageEntry,
  triageEntries,
} from "@/lib/signals/triage";
import type { SignalActivityItem } from "@/lib/signals/types";

// Changing a signal's triage state. Each change and its history entries commit together. A single change
// names the version it was made from and is refused (409) if the signal moved on; a bulk change applies
// to whatever state each signal is in, and says what it did.

type Tx = Prisma.TransactionClient;

/** Who acted, as the history records it: a user by id; a token by name (it has no user row). */
function actorFields(actor: Actor): { actorId: string | null; actorLabel: Record<string, unknown> } {
  return actor.kind === "user"
    ? { actorId: actor.userId, actorLabel: {} }
    : { actorId: null, actorLabel: { actor: { type: "token", name: actor.name } } };
}

async function checkAssignee(tx: Tx, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  const user = await tx.user.findUnique({ where: { id: assigneeId }, select: { disabledAt: true, role: true } });
  if (!user || user.disabledAt) throw new AppError("INVALID_INPUT", "assigneeId: no active user has this id.");
  if (user.role === "viewer") throw new AppError("INVALID_INPUT", "assigneeId: a viewer cannot be assigned signals.");
}

function changedColumns(change: Pick<SignalUpdate, "status" | "archiveReason" | "assigneeId">) {
  return {
    ...(change.status
      ? { status: change.status, archiveReason: change.status === "archived" ? change.archiveReason : null }
      : {}),
    ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
  };
}

/** Assignment entries name the users (as they were called then), not only their ids. */
async function withNames(tx: Tx, entries: TriageEntry[]): Promise<TriageEntry[]> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.kind !== "assigned") continue;
    for (const side of ["from", "to"] as const)
      if (typeof entry.details[side] === "string") ids.add(entry.details[side]);
  }
  if (ids.size === 0) return entries;
  const users = await tx.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  const named = (id: unknown) => users.find((user) => user.id === id) ?? null;
  return entries.map((entry) =>
    entry.kind === "assigned"
      ? { ...entry, details: { from: named(entry.details.from), to: named(entry.details.to) } }
      : entry,
  );
}

async function writeEntries(tx: Tx, signalId: string, entries: TriageEntry[], actor: Actor) {
  const { actorId, actorLabel } = actorFields(actor);
  await tx.signalActivity.createMany({
    data: (await withNames(tx, entries)).map((entry) => ({
      signalId,
      actorId,
      kind: entry.kind,
      details: { ...entry.details, ...actorLabel } as Prisma.InputJsonObject,
    })),
  });
}

export async function updateSignalTriage(options: { id: string; update: SignalUpdate; actor: Actor }): Promise<void> {
  const { id, update, actor } = options;
  await getDb().$transaction(async (tx) => {
    const row = await tx.signal.findUnique({
      where: { id },
      select: { status: true, assigneeId: true, version: true, mergedIntoId: true },
    });
    if (!row) throw new AppError("NOT_FOUND", `No signal with id ${id}.`);
    if (row.mergedIntoId) {
      throw new AppError("CONFLICT", `This signal was merged into ${row.mergedIntoId}; change that one instead.`);
    }
    if (row.version !== update.version) {
      throw new AppError(
        "CONFLICT",
        `Someone changed this signal after you loaded it (it is at version ${row.version}, not ${update.version}). Reload it and try again.`,
      );
    }
    await checkAssignee(tx, update.assigneeId);
    const entries = triageEntries(row, update);
    if (entries.length === 0) return;
    // Compare-and-set on the version: a change that slipped in since the read above loses, with a 409.
    const { count } = await tx.signal.updateMany({
      where: { id, version: update.version },
      data: { ...changedColumns(update), version: { increment: 1 } },
    });
    if (count === 0)
      throw new AppError("CONFLICT", "Someone changed this signal at the same moment. Reload it and try again.");
    await writeEntries(tx, id, entries, actor);
  });
}

export async function addSignalComment(options: {
  id: string;
  body: string;
  actor: Actor;
}): Promise<SignalActivityItem> {
  const { id, body, actor } = options;
  const signal = await getDb().signal.findUnique({ where: { id }, select: { id: true } });
  if (!signal) throw new AppError("NOT_FOUND", `No signal with id ${id}.`);
  const { actorId, actorLabel } = actorFields(actor);
  const entry = await getDb().signalActivity.create({
    data: { signalId: id, actorId, kind: "commented", details: { body, ...actorLabel } as Prisma.InputJsonObject },
    include: { actor: { select: { id: true, name: true } } },
  });
  return {
    id: entry.id.toString(),
    at: entry.at.toISOString(),
    kind: entry.kind,
    actor: entry.actor,
    details: entry.details as Record<string, unknown>,
  };
}

export async function listSignalActivity(id: string): Promise<SignalActivityItem[] | null> {
  const db = getDb();
  const signal = await db.signal.findUnique({ where: { id }, select: { id: true } });
  if (!signal) return null;
  const entries = await db.signalActivity.findMany({
    where: { signalId: id },
    include: { actor: { select: { id: true, name: true } } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return entries.map((entry) => ({
    id: entry.id.toString(),
    at: entry.at.toISOString(),
    kind: entry.kind,
    actor: entry.actor,
    details: (entry.details ?? {}) as Record<string, unknown>,
  }));
}

export async function bulkUpdateSignals(options: { change: SignalBulkChange; actor: Actor }): Promise<BulkResult> {
  const { ids, filter, ...change } = options.change;
  const db = getDb();
  return db.$transaction(
    async (tx) => {
      await checkAssignee(tx, change.assigneeId);
      const where: Prisma.SignalWhereInput = ids
        ? { id: { in: ids }, mergedIntoId: null, retiredAt: null }
        : signalWhere(filter ?? {}, { userId: options.actor.kind === "user" ? options.actor.userId : null });
      const rows = await tx.signal.findMany({
        where,
        select: { id: true, status: true, assigneeId: true },
        orderBy: { id: "asc" },
        take: BULK_MAX + 1,
      });
      if (rows.length > BULK_MAX) {
        throw new AppError("INVALID_INPUT", `The filter matches more than ${BULK_MAX} signals; narrow it down.`);
      }
      const found = new Set(rows.map((row) => row.id));
      const changed = rows
        .map((row) => ({ row, entries: triageEntries(row, change) }))
        .filter(({ entries }) => entries.length > 0);
      if (changed.length > 0) {
        await tx.signal.updateMany({
          where: { id: { in: changed.map(({ row }) => row.id) } },
          data: { ...changedColumns(change), version: { increment: 1 } },
        });
        const { actorId, actorLabel } = actorFields(options.actor);
        const named = await Promise.all(changed.map(({ entries }) => withNames(tx, entries)));
        await tx.signalActivity.createMany({
          data: changed.flatMap(({ row }, index) =>
            (named[index] as TriageEntry[]).map((entry) => ({
              signalId: row.id,
              actorId,
              kind: entry.kind,
              details: { ...entry.details, ...actorLabel, bulk: true } as Prisma.InputJsonObject,
            })),
          ),
        });
      }
      return {
        matched: rows.length,
        changed: changed.length,
        unchanged: rows.length - changed.length,
        skipped: (ids ?? []).filter((id) => !found.has(id)),
      };
    },
    { timeout: 60_000 },
  );
}
