import pg from "pg";

// Plain pg connections for the ingest path, which needs COPY and session-level advisory locks that
// Prisma does not offer. Everything else goes through Prisma (lib/db/client.ts).

export function createPool(
  url: string,
  max = 4,
  /** Run on each new connection before it is handed out (pg-pool awaits it). */
  onConnect?: (client: pg.PoolClient) => Promise<void>,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    // Typed as returning void; pg-pool awaits a promise, so the connection is only used once it settles.
    onConnect: onConnect as ((client: pg.ClientBase) => void) | undefined,
  });
  // An idle client's error (the server restarted) must not crash the process; the next query fails instead.
  pool.on("error", () => {});
  // Nor may a checked-out one's (an upload's lock, a drain): its query rejects with the error, and the
  // caller's error path runs. Without a listener, PostgreSQL stopping under a worker ended it with a crash.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

const globalForPool = globalThis as unknown as { trailtriagePool?: pg.Pool };

/** The web server's pool, for the detection engine's reads (rule previews). Prisma serves the rest. */
export function getPool(url: string): pg.Pool {
  if (!globalForPool.trailtriagePool) globalForPool.trailtriagePool = createPool(url, 4);
  return globalForPool.trailtriagePool;
}
