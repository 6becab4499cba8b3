-- The Signals list at scale (bench/signals.ts): one index per order it offers, over live signals only
-- (the lists never show merged or retired ones), each scanned forwards for a descending sort and
-- backwards for an ascending one (lib/signals/order.ts); a small one for the status counts; and trigram
-- indexes for free-text search, which matches part of a title, group key or principal (ILIKE '%…%'),
-- or a whole IP, key (indexed already) or event name.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "signals_live_last_seen_idx" ON "signals" ("last_seen" DESC, "id")
  WHERE "merged_into_id" IS NULL AND "retired_at" IS NULL;
CREATE INDEX "signals_live_first_seen_idx" ON "signals" ("first_seen" DESC, "last_seen" DESC, "id")
  WHERE "merged_into_id" IS NULL AND "retired_at" IS NULL;
CREATE INDEX "signals_live_severity_idx" ON "signals" ("severity" DESC, "last_seen" DESC, "id")
  WHERE "merged_into_id" IS NULL AND "retired_at" IS NULL;
CREATE INDEX "signals_live_event_count_idx" ON "signals" ("event_count" DESC, "last_seen" DESC, "id")
  WHERE "merged_into_id" IS NULL AND "retired_at" IS NULL;
CREATE INDEX "signals_live_status_idx" ON "signals" ("status")
  WHERE "merged_into_id" IS NULL AND "retired_at" IS NULL;

CREATE INDEX "signals_title_trgm_idx" ON "signals" USING gin ("title" gin_trgm_ops);
CREATE INDEX "signals_group_key_trgm_idx" ON "signals" USING gin ("group_key" gin_trgm_ops);
CREATE INDEX "signals_principal_arn_trgm_idx" ON "signals" USING gin ("principal_arn" gin_trgm_ops);
CREATE INDEX "signals_event_names_idx" ON "signals" USING gin ("event_names");
