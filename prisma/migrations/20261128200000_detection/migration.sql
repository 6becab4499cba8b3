-- Detection (issue 5). Signals are derived from rule matches: a group whose matches (or whose follow-up
-- activity) changed is queued in detection_dirty_groups by the batch that changed it, in the batch's own
-- transaction, and regrouped afterwards; a crash between the two leaves the queue entry behind, so
-- nothing is missed.

-- A signal whose events no longer match any session (the rule's configuration changed) keeps its
-- triage history but leaves the lists.
ALTER TABLE "signals" ADD COLUMN "retired_at" TIMESTAMPTZ(6);
ALTER TYPE "SignalActivityKind" ADD VALUE 'retired';

-- Batches look for the signals whose follow-up window (24 h from the first denial) overlaps their calls.
CREATE INDEX "signals_first_seen_idx" ON "signals"("first_seen");

-- Each (eventName, eventSource) pair with its count: the same name means different services.
ALTER TABLE "signals" ADD COLUMN "calls" JSONB NOT NULL DEFAULT '[]';

-- The queue is append-only (no unique key): batches of concurrent uploads never wait on each other's
-- entries; the drain removes every entry of a group in the transaction that regroups it.
CREATE TABLE "detection_dirty_groups" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    -- "matches": its matches changed; "follow_up": successful calls arrived that its signals follow up on.
    "reason" TEXT NOT NULL DEFAULT 'matches',
    -- The earliest time that changed: regrouping starts at the signal holding it. Null: the whole group.
    "since" TIMESTAMPTZ(6),
    "queued_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detection_dirty_groups_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "detection_dirty_groups_rule_id_group_key_idx" ON "detection_dirty_groups"("rule_id", "group_key");


-- The version whose re-evaluation over all stored events has finished. Until it equals current_version,
-- signals of the rule are not regrouped from the new version's partial matches.
ALTER TABLE "rules" ADD COLUMN "evaluated_version" INTEGER;
UPDATE "rules" SET "evaluated_version" = "current_version";
