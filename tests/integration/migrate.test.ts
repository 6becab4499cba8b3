import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checksumOf, migrate, migrationStatus, readMigrations } from "@/lib/db/migrate";
import { connect, createTestDatabase, migrationsDir, type TestDatabase } from "@/tests/support/databases";

const dropAfter: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(dropAfter.splice(0).map((db) => db.drop()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  dropAfter.push(db);
  return db;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tt-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

async function historyRows(url: string) {
  const client = await connect(url);
  try {
    const { rows } = await client.query(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count, logs, started_at
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe("migration runner", () => {
  it("applies every migration to a fresh database and records each one the way Prisma does", async () => {
    const db = await freshDatabase();
    const files = await readMigrations(migrationsDir);
    const result = await migrate({ url: db.url, dir: migrationsDir });

    expect(result.applied).toEqual(files.map((file) => file.name));
    const rows = await historyRows(db.url);
    expect(rows).toHaveLength(files.length);
    for (const [i, file] of files.entries()) {
      const row = rows[i];
      const onDisk = await readFile(path.join(migrationsDir, file.name, "migration.sql"), "utf8");
      expect(row.migration_name).toBe(file.name);
      // Prisma's checksum is the sha256 hex of the file as it is on disk.
      expect(row.checksum).toBe(checksumOf(onDisk));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const client = await connect(db.url);
    const { rows: tables } = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'events'",
    );
    await client.end();
    expect(tables[0].n).toBe(1);
  });

  it("is a no-op when run again", async () => {
    const db = await freshDatabase();
    await migrate({ url: db.url, dir: migrationsDir });
    const before = await historyRows(db.url);

    const again = await migrate({ url: db.url, dir: migrationsDir });

    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(before.length);
    expect(await historyRows(db.url)).toEqual(before);
    expect(await migrationStatus({ url: db.url, dir: migrationsDir })).toEqual({
      applied: before.map((row) => row.migration_name),
      pending: [],
    });
  });

  it("refuses a migration that was changed after it was applied, naming it", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate({ url: db.url, dir });
    const before = await historyRows(db.url);
    const [first] = await readMigrations(dir);
    if (!first) throw new Error("no migrations found");
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited afterwards\n`);

    await expect(migrate({ url: db.url, dir })).rejects.toThrow(
      new RegExp(`Migration ${first.name} was changed after it was applied.*new migration`),
    );
    expect(await historyRows(db.url)).toEqual(before);
  });

  it("applies only the new migration when one is added", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate({ url: db.url, dir });
    await mkdir(path.join(dir, "29990101000000_add_note"));
    await writeFile(
      path.join(dir, "29990101000000_add_note", "migration.sql"),
      'ALTER TABLE "rules" ADD COLUMN "note" TEXT;\n',
    );

    const result = await migrate({ url: db.url, dir });

    expect(result.applied).toEqual(["29990101000000_add_note"]);
    const client = await connect(db.url);
    const { rows } = await client.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'rules' AND column_name = 'note'",
    );
    await client.end();
    expect(rows).toHaveLength(1);
  });

  it("rolls a failing migration back completely, records why, and can retry it once fixed", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await migrate({ url: db.url, dir });
    const broken = path.join(dir, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(
      path.join(broken, "migration.sql"),
      'CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;\n',
    );

    await expect(migrate({ url: db.url, dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back/);

    const client = await connect(db.url);
    const { rows: leftovers } = await client.query("SELECT to_regclass('half_done') AS t");
    expect(leftovers[0].t).toBeNull();
    const failed = (await historyRows(db.url)).find((row) => row.migration_name === "29990101000000_broken");
    expect(failed?.rolled_back_at).toBeInstanceOf(Date);
    expect(failed?.logs).toMatch(/no_such_table/);

    await writeFile(path.join(broken, "migration.sql"), 'CREATE TABLE "half_done" (id int);\n');
    expect((await migrate({ url: db.url, dir })).applied).toEqual(["29990101000000_broken"]);
    const { rows: created } = await client.query("SELECT to_regclass('half_done')::text AS t");
    await client.end();
    expect(created[0].t).toBe("half_done");
  });

  it("refuses a database migrated by a version that has migrations this one lacks", async () => {
    const db = await freshDatabase();
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "29990101000000_future"));
    await writeFile(path.join(dir, "29990101000000_future", "migration.sql"), "SELECT 1;\n");
    await migrate({ url: db.url, dir });

    await expect(migrate({ url: db.url, dir: migrationsDir })).rejects.toThrow(
      /29990101000000_future, which is not in prisma\/migrations/,
    );
  });

  it("lets concurrent runners apply each migration exactly once", async () => {
    const db = await freshDatabase();
    const results = await Promise.all([1, 2, 3].map(() => migrate({ url: db.url, dir: migrationsDir })));
    const appliedCounts = results.map((result) => result.applied.length).sort();
    const files = await readMigrations(migrationsDir);
    expect(appliedCounts).toEqual([0, 0, files.length]);
    expect(await historyRows(db.url)).toHaveLength(files.length);
  });
});
