import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";

// Events into the events table, exactly once: COPY when no event of the batch is stored yet (the usual
// case), INSERT … ON CONFLICT DO NOTHING through a staging table when some are. The unique event_key
// decides; the counts come from what was stored.

export const COLUMNS = [
  "event_key",
  "event_id",
  "recipient_account_id",
  "event_time",
  "event_source",
  "event_name",
  "aws_region",
  "source_ip",
  "user_agent",
  "error_code",
  "error_message",
  "principal_arn",
  "principal_type",
  "principal_name",
  "account_id",
  "access_key_id",
  "credential_type",
  "read_only",
  "event_type",
  "request_id",
  "upload_id",
  "raw_chunk_id",
  "raw_index",
] as const;

const STAGE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS ingest_stage (
  event_key text, event_id text, recipient_account_id text, event_time timestamptz, event_source text,
  event_name text, aws_region text, source_ip text, user_agent text, error_code text, error_message text,
  principal_arn text, principal_type text, principal_name text, account_id text, access_key_id text,
  credential_type "CredentialType", read_only boolean, event_type text, request_id text, upload_id uuid,
  raw_chunk_id bigint, raw_index integer
) ON COMMIT DELETE ROWS`;

/** COPY text format: backslash, tab, newline and carriage return escaped; NUL, which text cannot hold, replaced. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters COPY needs escaped.
  return /[\\\t\n\r\u0000]/.test(value)
    ? // biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
      value.replace(/[\\\t\n\r\u0000]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\uFFFD",
      )
    : value;
}

export function copyLine(event: NormalizedEvent, uploadId: string, chunkId: string, index: number): string {
  const fields = [
    event.eventKey,
    event.eventId,
    event.recipientAccountId,
    event.eventTime.toISOString(),
    event.eventSource,
    event.eventName,
    event.awsRegion,
    event.sourceIp,
    event.userAgent,
    event.errorCode,
    event.errorMessage,
    event.principalArn,
    event.principalType,
    event.principalName,
    event.accountId,
    event.accessKeyId,
    event.credential.type,
    event.readOnly === null ? null : String(event.readOnly),
    event.eventType,
    event.requestId,
    uploadId,
    chunkId,
    String(index),
  ];
  return fields.map(copyField).join("\t");
}

async function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], lines: string[]) {
  await pipeline(
    Readable.from([`${lines.join("\n")}\n`]),
    client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)),
  );
}

const UNIQUE_VIOLATION = "23505";

/** Whether an upload has met events that were already stored: then each batch looks before it copies. */
export interface DedupeState {
  duplicatesSeen: boolean;
}

/** COPY the given batch positions straight into events; false when one of them is already stored. */
async function tryCopy(client: pg.PoolClient, lines: readonly string[], positions: number[]): Promise<number[] | null> {
  await client.query("SAVEPOINT fast_copy");
  try {
    await copyInto(
      client,
      "events",
      COLUMNS,
      positions.map((index) => lines[index] as string),
    );
    await client.query("RELEASE SAVEPOINT fast_copy");
    return positions;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await client.query("ROLLBACK TO SAVEPOINT fast_copy");
    return null;
  }
}

/**
 * Stores a batch's new events; returns the positions (in the batch) of the ones stored.
 *
 * COPY is the cheapest way in, so it is tried first: straight away while the upload has met no stored
 * event (the usual case), after looking up which keys are already stored once it has. If another upload
 * stores one of the same events in between, the COPY hits the unique key and the batch falls back to
 * the staging table and INSERT … ON CONFLICT DO NOTHING, which is always right, only slower.
 */
export async function insertEvents(
  client: pg.PoolClient,
  events: readonly { event: NormalizedEvent }[],
  /** Each event's COPY line, prepared before the transaction so PostgreSQL never waits for them. */
  lines: readonly string[],
  state: DedupeState,
): Promise<number[]> {
  const firstOfEachKey = (stored: Set<string>) => {
    const positions: number[] = [];
    events.forEach((entry, index) => {
      if (stored.has(entry.event.eventKey)) return;
      stored.add(entry.event.eventKey); // a key twice in one batch: the first is stored
      positions.push(index);
    });
    return positions;
  };
  if (!state.duplicatesSeen) {
    const copied = await tryCopy(client, lines, firstOfEachKey(new Set()));
    if (copied) return copied;
    state.duplicatesSeen = true;
  }
  const existing = await client.query<{ event_key: string }>(
    "SELECT event_key FROM events WHERE event_key = ANY($1::text[])",
    [events.map((entry) => entry.event.eventKey)],
  );
  const fresh = firstOfEachKey(new Set(existing.rows.map((row) => row.event_key)));
  if (fresh.length === 0) return [];
  const copied = await tryCopy(client, lines, fresh);
  if (copied) return copied;

  await client.query(STAGE_TABLE);
  await copyInto(client, "ingest_stage", COLUMNS, [...lines]);
  const result = await client.query<{ raw_index: number }>(
    `INSERT INTO events (${COLUMNS.join(", ")}) SELECT ${COLUMNS.join(", ")} FROM ingest_stage
     ON CONFLICT (event_key) DO NOTHING RETURNING raw_index`,
  );
  return result.rows.map((row) => row.raw_index);
}
