-- Identifiers compare byte by byte: eventID keys, ARNs, IPs, access key ids and API names are not
-- language text, and the "C" collation makes every index insert and lookup on them cheaper (measured
-- with npm run bench:ingest). Equality is unchanged.
ALTER TABLE "events"
  ALTER COLUMN "event_key" TYPE TEXT COLLATE "C",
  ALTER COLUMN "principal_arn" TYPE TEXT COLLATE "C",
  ALTER COLUMN "source_ip" TYPE TEXT COLLATE "C",
  ALTER COLUMN "access_key_id" TYPE TEXT COLLATE "C",
  ALTER COLUMN "event_name" TYPE TEXT COLLATE "C";
