import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { postmasterPid } from "@/bench/cpu";
import { redactUrl } from "@/lib/db/database";
import { clusterDir, startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";

// The PostgreSQL the benchmark measures: a fresh embedded cluster in a folder of its own (as `npm start`
// runs it, default settings), or the server in DATABASE_URL. Either way each scenario gets a new scratch
// database, migrated with the app's own runner and dropped afterwards.

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface BenchServer {
  kind: "embedded" | "external";
  /** Shown in the report, password hidden. */
  shownUrl: string;
  version: string;
  /** The postmaster's pid when it runs on this machine under our control (embedded), for CPU accounting. */
  postgresPid(): number | null;
  createDatabase(label: string): Promise<ScratchDatabase>;
  stop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function startBenchServer(options: { runDir: string; repoRoot: string }): Promise<BenchServer> {
  let adminUrl: string;
  let stop: () => Promise<void> = async () => undefined;
  let kind: BenchServer["kind"];
  if (env.DATABASE_URL) {
    kind = "external";
    adminUrl = env.DATABASE_URL;
  } else {
    kind = "embedded";
    const embedded = await startEmbeddedDatabase({ dataDir: options.runDir });
    adminUrl = withDatabase(embedded.url, "postgres");
    stop = embedded.stop;
  }
  const [row] = await query<{ server_version: string }>(adminUrl, "SHOW server_version");
  const stamp = randomBytes(4).toString("hex");
  return {
    kind,
    shownUrl: redactUrl(adminUrl),
    version: row?.server_version ?? "?",
    stop,
    postgresPid: () => (kind === "embedded" ? postmasterPid(clusterDir(options.runDir)) : null),
    async createDatabase(label) {
      const name = `tt_bench_${stamp}_${label}`;
      await query(adminUrl, `CREATE DATABASE "${name}" ENCODING 'UTF8'`);
      const url = withDatabase(adminUrl, name);
      await migrate({ url, dir: path.join(options.repoRoot, "prisma", "migrations") });
      return {
        url,
        name,
        drop: () => query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
      };
    },
  };
}
