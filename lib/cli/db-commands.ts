import path from "node:path";
import pg from "pg";
import { migrationsDir } from "@/lib/cli/paths";
import { cliLogs } from "@/lib/cli/with-database";
import { redactUrl, resolveDatabase } from "@/lib/db/database";
import { migrate, migrationStatus } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export async function runMigrate(): Promise<void> {
  const db = await resolveDatabase(env, cliLogs);
  try {
    const result = await migrate({
      url: db.url,
      dir: migrationsDir,
      onApply: (name) => logger.info(`applying ${name}`),
    });
    const summary = result.applied.length
      ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
      : `Database is up to date (${result.alreadyApplied} migration(s) applied).`;
    process.stdout.write(`${summary}\n`);
  } finally {
    await db.stop();
  }
}

interface TableSize {
  table: string;
  rows: number;
}

export async function runDbInfo(options: { json: boolean }): Promise<void> {
  const db = await resolveDatabase(env, cliLogs);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await client.connect();
    const { rows: version } = await client.query<{ server_version: string }>("SHOW server_version");
    const { rows: size } = await client.query<{ bytes: string }>(
      "SELECT pg_database_size(current_database())::text AS bytes",
    );
    // Planner statistics, not COUNT(*): instant on a table of tens of millions of events.
    const { rows: tables } = await client.query<{ table: string; rows: string }>(
      `SELECT relname AS table, n_live_tup::text AS rows FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname <> '_prisma_migrations' ORDER BY relname`,
    );
    const status = await migrationStatus({ url: db.url, dir: migrationsDir });
    const info = {
      kind: db.kind,
      url: redactUrl(db.url),
      dataDir: db.kind === "embedded" ? path.join(env.dataDir, "pg") : null,
      sharedWithRunningServer: db.kind === "embedded" && !db.owned,
      serverVersion: version[0]?.server_version ?? "unknown",
      databaseBytes: Number(size[0]?.bytes ?? 0),
      migrations: status,
      tables: tables.map((row): TableSize => ({ table: row.table, rows: Number(row.rows) })),
    };
    process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
}

function formatInfo(info: {
  kind: string;
  url: string;
  dataDir: string | null;
  sharedWithRunningServer: boolean;
  serverVersion: string;
  databaseBytes: number;
  migrations: { applied: string[]; pending: string[] };
  tables: TableSize[];
}): string {
  const mb = (info.databaseBytes / 1024 / 1024).toFixed(1);
  const lines = [
    `Database     ${info.kind === "embedded" ? "embedded PostgreSQL" : "external PostgreSQL (DATABASE_URL)"}`,
    `URL          ${info.url}`,
    ...(info.dataDir
      ? [`Files        ${info.dataDir}${info.sharedWithRunningServer ? " (in use by a running server)" : ""}`]
      : []),
    `Server       PostgreSQL ${info.serverVersion}`,
    `Size         ${mb} MB`,
    `Migrations   ${info.migrations.applied.length} applied, ${info.migrations.pending.length} pending${
      info.migrations.pending.length ? ` (${info.migrations.pending.join(", ")}); run \`npx trailtriage migrate\`` : ""
    }`,
    "Rows (estimated)",
    ...info.tables.map((row) => `  ${row.table.padEnd(22)} ${row.rows.toLocaleString("en-US")}`),
  ];
  return `${lines.join("\n")}\n`;
}
