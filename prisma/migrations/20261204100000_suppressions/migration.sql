-- Suppression lists (lib/suppressions/, lib/detection/engine/suppress.ts).
--
-- Signals are a pure function of the stored matches minus the suppressed ones. A match is suppressed when
-- its event time falls in an enabled, undeleted suppression's window (starts_at <= time < expires_at), its
-- rule is in the suppression's scope and every condition holds. Nothing here deletes an event or a match:
--
-- - suppressions: the lists' entries. `conditions` is [{ field, operator, values }], ANDed; a condition
--   holds when any of its values does. `all_rules` or `rule_ids` is the scope. Deleting one sets
--   deleted_at, so its history and the signals it hid keep their names.
-- - suppression_versions: every saved state (its snapshot and what changed, in words).
-- - suppressed_matches: which matches each suppression leaves out, rewritten for a group each time the
--   group is regrouped (in the regrouping's transaction). Hits and last hit are counted from it, so they
--   are exact, never incremented; and it tells a match coming back from suppression from a new one.
-- - signals.suppressed_by_ids: set when a signal was retired because its matches are suppressed, cleared
--   when it comes back. Such a signal is listed under "Suppressed".
--
-- Nothing created suppressions before this migration, but any row is kept: its window becomes
-- [created_at, created_at + 30 days) where it had none.

ALTER TABLE "signals" DROP CONSTRAINT "signals_suppressed_by_id_fkey";
ALTER TABLE "signals" DROP COLUMN "suppressed_by_id";
ALTER TABLE "signals" ADD COLUMN "suppressed_by_ids" UUID[] NOT NULL DEFAULT '{}';
CREATE INDEX "signals_suppressed_by_ids_idx" ON "signals" USING GIN ("suppressed_by_ids");

ALTER TABLE "suppressions" DROP CONSTRAINT "suppressions_rule_id_fkey";
DROP INDEX "suppressions_rule_id_idx";
ALTER TABLE "suppressions" ADD COLUMN "all_rules" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "suppressions" ADD COLUMN "rule_ids" TEXT[] NOT NULL DEFAULT '{}';
UPDATE "suppressions" SET "all_rules" = false, "rule_ids" = ARRAY["rule_id"] WHERE "rule_id" IS NOT NULL;
ALTER TABLE "suppressions" DROP COLUMN "rule_id";
ALTER TABLE "suppressions" RENAME COLUMN "description" TO "reason";
ALTER TABLE "suppressions" ALTER COLUMN "reason" DROP DEFAULT;
ALTER TABLE "suppressions" RENAME COLUMN "query" TO "conditions";
UPDATE "suppressions" SET "starts_at" = "created_at" WHERE "starts_at" IS NULL;
UPDATE "suppressions" SET "expires_at" = "starts_at" + interval '30 days' WHERE "expires_at" IS NULL;
ALTER TABLE "suppressions" ALTER COLUMN "starts_at" SET NOT NULL;
ALTER TABLE "suppressions" ALTER COLUMN "expires_at" SET NOT NULL;
ALTER TABLE "suppressions" ADD COLUMN "owner_id" UUID;
UPDATE "suppressions" SET "owner_id" = "created_by_id";
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "suppressions_expires_at_idx" ON "suppressions"("expires_at");

ALTER TABLE "suppression_versions" ADD COLUMN "action" TEXT NOT NULL DEFAULT 'updated';
ALTER TABLE "suppression_versions" ADD COLUMN "changes" JSONB NOT NULL DEFAULT '[]';

CREATE TABLE "suppressed_matches" (
    "suppression_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "event_id" BIGINT NOT NULL,
    "group_key" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "suppressed_matches_pkey" PRIMARY KEY ("suppression_id", "rule_id", "event_id")
);
CREATE INDEX "suppressed_matches_rule_id_group_key_event_time_idx" ON "suppressed_matches"("rule_id", "group_key", "event_time");
CREATE INDEX "suppressed_matches_event_id_idx" ON "suppressed_matches"("event_id");
ALTER TABLE "suppressed_matches" ADD CONSTRAINT "suppressed_matches_suppression_id_fkey" FOREIGN KEY ("suppression_id") REFERENCES "suppressions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "suppressed_matches" ADD CONSTRAINT "suppressed_matches_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
