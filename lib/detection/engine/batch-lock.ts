import type { Queryable } from "@/lib/detection/engine/rules-store";

// One lock between ingest batches and what they depend on. A batch holds it (shared) from the moment it
// reads the detection state, the rules' current versions and the live signals, until it commits. What
// changes that state takes it exclusively: a rule change (so every batch is matched either under the old
// version, and committed before the change, or under the new one), and a regrouping that creates a signal
// or moves one's follow-up subject (so a successful call either committed before the regrouping counts it,
// or its batch sees the new signal). A shared advisory lock costs a batch no row write.

export const BATCH_LOCK = 0x7472_6169; // "trai"

export async function holdBatchLockShared(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock_shared($1)", [BATCH_LOCK]);
}

export async function holdBatchLock(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock($1)", [BATCH_LOCK]);
}
