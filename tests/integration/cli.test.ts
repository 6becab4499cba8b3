import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, migrationsDir, repoRoot, type TestDatabase } from "@/tests/support/databases";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "trailtriage.mjs");

function trailtriage(args: string[], env: Record<string, string>) {
  // Run from another folder: the command must find its migrations wherever it is started.
  return run(process.execPath, [bin, ...args], { cwd: "/", env: { ...process.env, ...env, LOG_LEVEL: "warn" } });
}

describe("trailtriage CLI", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("migrate applies the migrations, then reports the database up to date", async () => {
    const files = await readMigrations(migrationsDir);
    const first = await trailtriage(["migrate"], { DATABASE_URL: db.url });
    expect(first.stdout).toContain(`Applied ${files.length} migration(s)`);
    const second = await trailtriage(["migrate"], { DATABASE_URL: db.url });
    expect(second.stdout).toContain("Database is up to date");
  });

  it("db:info --json describes the database without revealing its password", async () => {
    const { stdout } = await trailtriage(["db:info", "--json"], { DATABASE_URL: db.url });
    const info = JSON.parse(stdout);
    expect(info.kind).toBe("external");
    expect(info.migrations.pending).toEqual([]);
    expect(info.tables.map((row: { table: string }) => row.table)).toContain("events");
    const password = new URL(db.url).password;
    if (password) {
      expect(info.url).toContain(":****@");
      expect(stdout).not.toContain(password);
    } else {
      expect(info.url).toBe(db.url);
    }
  });

  it("rejects an invalid DATABASE_URL with a message naming the variable", async () => {
    await expect(trailtriage(["db:info"], { DATABASE_URL: "mysql://localhost/x" })).rejects.toMatchObject({
      stderr: expect.stringContaining("DATABASE_URL: must be a postgres:// or postgresql:// URL"),
    });
  });
});
