-- A folder upload is read by several readers at once, each over its share of the files, each with its own
-- checkpoint (lib/ingest/process.ts): the records each has committed, by reader number. records_done stays
-- the total, as before.
ALTER TABLE "uploads" ADD COLUMN "part_progress" JSONB NOT NULL DEFAULT '{}';
