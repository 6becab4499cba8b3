-- The whole-history facet tables of busy entities, ready to read (lib/entities/facet-tops.ts).
--
-- A NAT address or a shared role can have been used by a hundred thousand principals and keys; ranking its
-- facets on every view reads all of them. Each row here holds what a view shows (the busiest values of each
-- dimension, how many there are, the credential types) as computed when the entity had `event_count`
-- events. Every counted event raises that count, so a row is current exactly when its count equals the
-- entity's; a stale row is never read, only recomputed. The summariser refreshes stale rows when it is idle.

CREATE TABLE "entity_facet_tops" (
    "entity_id" UUID NOT NULL,
    "event_count" BIGINT NOT NULL,
    "top_n" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_facet_tops_pkey" PRIMARY KEY ("entity_id")
);
