import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { backendPriorityHook, isLocalDatabase } from "@/lib/worker/priority";
import { createTestDatabase, type TestDatabase } from "@/tests/support/databases";

// Ingest gives way to browsing: a worker's PostgreSQL backends run at its lower priority when the database
// is on this machine (lib/worker/priority.ts), and a database elsewhere is never touched.

/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] parent pid, … [16] nice. */
function statOf(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
const niceOf = (pid: number) => Number(statOf(pid)[16]);
const parentOf = (pid: number) => Number(statOf(pid)[1]);

describe("the worker's database backends", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.skipIf(process.platform !== "linux")(
    "run at the worker's nice value when the database is local; other connections keep theirs",
    async () => {
      // The suite's databases run on this machine (embedded, or the local server CI passes).
      expect(isLocalDatabase(database.url)).toBe(true);
      const niced = createPool(database.url, 2, backendPriorityHook(database.url, 7));
      const plain = createPool(database.url, 1);
      try {
        const backend = async (pool: typeof niced) => {
          const client = await pool.connect();
          try {
            const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
            return rows[0]?.pid as number;
          } finally {
            client.release();
          }
        };
        const nicedPid = await backend(niced);
        const plainPid = await backend(plain);
        // The postmaster's own priority, which every backend starts with.
        const server = niceOf(parentOf(plainPid));
        expect(server).toBeLessThan(7);
        expect(niceOf(nicedPid)).toBe(7);
        expect(niceOf(plainPid)).toBe(server);
      } finally {
        await niced.end();
        await plain.end();
      }
    },
  );

  it("only a database on this machine counts as local, and no hook is made for one elsewhere", () => {
    expect(backendPriorityHook("postgresql://u@db.internal/db", 10)).toBeUndefined();
    expect(backendPriorityHook("postgresql://u@127.0.0.1/db", 0)).toBeUndefined();
    expect(isLocalDatabase("postgresql://u:p@127.0.0.1:5432/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@localhost/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@[::1]:5432/db")).toBe(true);
    expect(isLocalDatabase("postgresql://u@/db?host=/var/run/postgresql")).toBe(true);
    expect(isLocalDatabase("postgresql://u@db.internal:5432/db")).toBe(false);
    expect(isLocalDatabase("postgresql://u@10.0.0.5/db")).toBe(false);
    expect(isLocalDatabase("not a url")).toBe(false);
  });
});
