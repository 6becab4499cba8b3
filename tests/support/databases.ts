import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { migrate } from "@/lib/db/migrate";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const migrationsDir = path.join(repoRoot, "prisma", "migrations");

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database of its own on the suite's server, so tests never share state. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tt_test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(inject("adminDatabaseUrl"), name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createMigratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await migrate({ url: db.url, dir: migrationsDir });
  return db;
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
