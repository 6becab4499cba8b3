import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/*/migration.sql and records each in `_prisma_migrations` exactly as
// `prisma migrate deploy` does, so Prisma's own tooling agrees with it on a machine that has the
// schema engine (which cannot be installed here; see ../shared/ENVIRONMENT.md).

/** Prisma's advisory lock key, so this runner and `prisma migrate` never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8").catch(() => {
        throw new MigrationError(`Migration folder ${name} has no migration.sql.`);
      });
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

/** Refuses a database whose history disagrees with the files; returns what is left to apply. */
function planMigrations(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} started at ${row.started_at.toISOString()} and never finished. ` +
          "Repair the database by hand, then mark it rolled back (UPDATE _prisma_migrations SET rolled_back_at = now() " +
          `WHERE migration_name = '${row.migration_name}') or run \`prisma migrate resolve\`.`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `The database has migration ${row.migration_name}, which is not in prisma/migrations. ` +
          "This database was migrated by a newer or different version of TrailTriage.",
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied ` +
          `(checksum in database ${row.checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…). ` +
          "Restore the original migration.sql and put the change in a new migration.",
      );
    }
    done.add(row.migration_name);
  }
  return files.filter((file) => !done.has(file.name));
}

async function readAppliedRows(client: pg.Client): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows;
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, file.checksum, file.name],
  );
  try {
    // One transaction per migration: a failing file leaves no half-applied schema behind.
    await client.query("BEGIN");
    await client.query(file.sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
      id,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const message = error instanceof Error ? error.message : String(error);
    // Rolled back in full, so record it as Prisma's `migrate resolve --rolled-back` would: a retry may run.
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [
      id,
      message,
    ]);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`);
  }
}

async function withLockedClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      return await work(client);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}

export async function migrate(options: {
  url: string;
  dir: string;
  onApply?: (name: string) => void;
}): Promise<MigrateResult> {
  const files = await readMigrations(options.dir);
  return withLockedClient(options.url, async (client) => {
    const pending = planMigrations(files, await readAppliedRows(client));
    for (const file of pending) {
      options.onApply?.(file.name);
      await applyOne(client, file);
    }
    return { applied: pending.map((file) => file.name), alreadyApplied: files.length - pending.length };
  });
}

export async function migrationStatus(options: { url: string; dir: string }): Promise<MigrationStatus> {
  const files = await readMigrations(options.dir);
  return withLockedClient(options.url, async (client) => {
    const pending = planMigrations(files, await readAppliedRows(client));
    const pendingNames = new Set(pending.map((file) => file.name));
    return {
      applied: files.filter((file) => !pendingNames.has(file.name)).map((file) => file.name),
      pending: pending.map((file) => file.name),
    };
  });
}
