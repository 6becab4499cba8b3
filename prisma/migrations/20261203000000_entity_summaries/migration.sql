-- Entity summaries for the investigation views (lib/entities/summaries.ts).
--
-- A principal, an IP or an access key seen in a tenth of five million events cannot be counted from the
-- events table in the time an analyst waits, so its counts are kept here, exactly, as events are stored:
--
-- - Each stored batch queues its raw chunk (with the range of event ids its COPY drew) in
--   entity_summary_queue, in the batch's own transaction. A summariser drains the queue (one at a time,
--   under an advisory lock) and adds the chunks' events to the tables below in the transaction that
--   removes their queue rows: every stored event is counted exactly once, and a crash leaves the work
--   queued.
-- - entities: one row per principal ARN, source address, access key id and recipient account, with its
--   totals. entity_hours: the same per hour (the activity charts, counts over a time range).
-- - entity_facets / entity_facet_hours: what a busy entity touched (keys, IPs, principals, calls,
--   regions, user agents), kept only for entities past a threshold of events (`is_detailed`): below it
--   the events table answers as fast, and a long tail of entities with a handful of events each would
--   otherwise cost a facet row per event.
--
-- The counters are updated in place drain after drain: room left in each page (fillfactor) lets most updates
-- stay on their page without new index entries (HOT).
--
-- Rows are keyed by entity_key(kind, value): the first 16 bytes of the value's SHA-256 as a uuid. Values
-- come from uploaded logs and have no length limit, and a b-tree cannot hold a key past ~2.7 kB.

CREATE TYPE "EntityKind" AS ENUM ('principal', 'ip', 'access_key', 'account');
CREATE TYPE "EntityDim" AS ENUM ('principal', 'access_key', 'ip', 'call', 'region', 'user_agent');

CREATE FUNCTION entity_key(kind text, value text) RETURNS uuid
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT encode(substr(sha256(convert_to(kind || ':' || value, 'UTF8')), 1, 16), 'hex')::uuid $$;

CREATE TABLE "entities" (
    "id" UUID NOT NULL,
    "kind" "EntityKind" NOT NULL,
    "value" TEXT COLLATE "C" NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "denied_count" BIGINT NOT NULL DEFAULT 0,
    "error_count" BIGINT NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    -- Principals: the identity's account, type and user name as CloudTrail gave them.
    "account_id" TEXT,
    "principal_type" TEXT,
    "principal_name" TEXT,
    "is_detailed" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entities_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 80);
-- The landing page's "most denied" lists over the whole history.
CREATE INDEX "entities_kind_denied_count_idx" ON "entities" ("kind", "denied_count" DESC);
-- Search by user name (any case), which may name principals in several accounts. A hash index has no
-- key-length limit.
CREATE INDEX "entities_principal_name_idx" ON "entities" USING hash (lower("principal_name"));

CREATE TABLE "entity_hours" (
    "entity_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(6) NOT NULL,
    "kind" "EntityKind" NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "denied_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "entity_hours_pkey" PRIMARY KEY ("entity_id", "hour")
) WITH (fillfactor = 80);
-- "Most denied" over a time range reads only the hours that had denials.
CREATE INDEX "entity_hours_denied_idx" ON "entity_hours" ("kind", "hour") INCLUDE ("entity_id", "denied_count")
  WHERE "denied_count" > 0;

CREATE TABLE "entity_facets" (
    "entity_id" UUID NOT NULL,
    "dim" "EntityDim" NOT NULL,
    "value_id" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "denied_count" BIGINT NOT NULL DEFAULT 0,
    "error_count" BIGINT NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "entity_facets_pkey" PRIMARY KEY ("entity_id", "dim", "value_id")
) WITH (fillfactor = 80);

CREATE TABLE "entity_facet_hours" (
    "entity_id" UUID NOT NULL,
    "dim" "EntityDim" NOT NULL,
    "hour" TIMESTAMPTZ(6) NOT NULL,
    "value_id" UUID NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "denied_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "entity_facet_hours_pkey" PRIMARY KEY ("entity_id", "dim", "hour", "value_id")
) WITH (fillfactor = 80);

CREATE TABLE "entity_summary_queue" (
    "chunk_id" BIGINT NOT NULL,
    -- The ids the batch's COPY drew lie in this range (other uploads' rows may too: they have other chunks).
    "first_event_id" BIGINT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "queued_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_summary_queue_pkey" PRIMARY KEY ("chunk_id")
);

-- Events stored before this migration: queue every chunk, so the worker summarises them in the
-- background (the investigation views say so until it has).
INSERT INTO "entity_summary_queue" ("chunk_id", "first_event_id", "last_event_id")
SELECT "raw_chunk_id", min("id"), max("id") FROM "events" GROUP BY "raw_chunk_id";
