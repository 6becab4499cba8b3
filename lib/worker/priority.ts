import { readFileSync } from "node:fs";
import os from "node:os";
import type pg from "pg";

// Ingest gives way to the people browsing: a worker runs at a lower CPU priority (a higher nice value, which
// any user may set on their own processes), and so do the PostgreSQL backends serving its connections when
// the database runs on this machine. On a busy two-core machine the web server and its queries then get the
// CPU first, and ingest takes what is left; on an idle one nothing changes (bench:load measures both).

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** Lowers this process's priority to `niceness` (0–19). False when the system refuses. */
export function lowerOwnPriority(niceness: number): boolean {
  if (niceness <= 0) return false;
  try {
    os.setPriority(0, Math.max(os.getPriority(0), niceness));
    return true;
  } catch {
    return false;
  }
}

/** Whether `url` names a PostgreSQL on this machine (over loopback or a Unix socket). */
export function isLocalDatabase(url: string): boolean {
  // A Unix socket is named by ?host=/path, and libpq's "postgresql://user@/db" (no host) is not a WHATWG URL.
  const socket = /[?&]host=([^&]*)/.exec(url)?.[1];
  if (socket !== undefined) return decodeURIComponent(socket).startsWith("/") || LOOPBACK.has(socket);
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * A pool's connect hook (lib/db/pool.ts) that gives each new connection's PostgreSQL backend the same lower
 * priority, when the database is local: the backend's pid is asked of the server, and renice'd only if that
 * pid is a postgres process here (so a pid of another machine's server never touches a local process).
 * Undefined when there is nothing to do. Failures are ignored: it is an optimisation.
 */
export function backendPriorityHook(
  url: string,
  niceness: number,
): ((client: pg.PoolClient) => Promise<void>) | undefined {
  if (niceness <= 0 || !isLocalDatabase(url)) return undefined;
  return async (client) => {
    try {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const pid = rows[0]?.pid;
      if (pid && isPostgresProcess(pid)) os.setPriority(pid, Math.max(os.getPriority(pid), niceness));
    } catch {
      // Not permitted, or the process is gone: the connection works as it is.
    }
  };
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("postgres");
  } catch {
    return false;
  }
}
