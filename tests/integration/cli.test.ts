import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateApiToken } from "@/lib/auth/api-tokens";
import { verifyPassword } from "@/lib/auth/passwords";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, migrationsDir, repoRoot, type TestDatabase } from "@/tests/support/databases";
import { uniqueEmail } from "@/tests/support/factories";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin", "trailtriage.mjs");

function trailtriage(args: string[], env: Record<string, string>) {
  // Run from another folder: the command must find its migrations wherever it is started.
  return run(process.execPath, [bin, ...args], { cwd: "/", env: { ...process.env, ...env, LOG_LEVEL: "warn" } });
}

/** Runs the CLI with `input` on stdin, as `echo … | npx trailtriage …` would. */
function trailtriageWithInput(args: string[], env: Record<string, string>, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: "/",
      env: { ...process.env, LOG_LEVEL: "info", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
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

  it("users create reads the password from stdin and stores only its argon2id hash", async () => {
    const email = uniqueEmail("cli");
    const result = await trailtriageWithInput(
      ["users", "create", "--email", email, "--name", "Cli User", "--role", "analyst"],
      { DATABASE_URL: db.url },
      "a password typed into a pipe\n",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Created analyst ${email} \\(`));
    const prisma = createPrismaClient(db.url);
    try {
      const user = await prisma.user.findUniqueOrThrow({ where: { email } });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user.passwordHash ?? "", "a password typed into a pipe")).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("users create refuses a short password with a clear message", async () => {
    const result = await trailtriageWithInput(
      ["users", "create", "--email", uniqueEmail(), "--name", "N", "--role", "viewer"],
      { DATABASE_URL: db.url },
      "short\n",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("password must have at least 12 characters");
  });

  it("tokens create prints only the token, which then works", async () => {
    const result = await trailtriageWithInput(
      ["tokens", "create", "--name", "ci", "--scope", "read,write", "--expires", "30"],
      { DATABASE_URL: db.url, LOG_LEVEL: "info" },
      "",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tt_[A-Za-z0-9_-]{43}\n$/);
    const prisma = createPrismaClient(db.url);
    try {
      expect(await validateApiToken(prisma, result.stdout.trim())).toMatchObject({
        name: "ci",
        scopes: ["read", "write"],
      });
    } finally {
      await prisma.$disconnect();
    }
  });

  it("uses the running server's embedded database on the same DATA_DIR instead of starting another", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-cli-"));
    const server = await startEmbeddedDatabase({ dataDir });
    try {
      await migrate({ url: server.url, dir: migrationsDir });
      const result = await trailtriageWithInput(
        ["tokens", "create", "--name", "shared", "--scope", "ingest"],
        { DATA_DIR: dataDir, DATABASE_URL: "" },
        "",
      );
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("already running");
      const prisma = createPrismaClient(server.url);
      try {
        expect(await validateApiToken(prisma, result.stdout.trim())).toMatchObject({ name: "shared" });
      } finally {
        await prisma.$disconnect();
      }
      // The CLI left the server's cluster running.
      expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(true);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("starts and stops an embedded database of its own when no server runs", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-cli-"));
    try {
      const migrated = await trailtriage(["migrate"], { DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(migrated.stdout).toContain("Applied");
      const result = await trailtriageWithInput(
        ["tokens", "create", "--name", "alone", "--scope", "read"],
        { DATA_DIR: dataDir, DATABASE_URL: "" },
        "",
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^tt_/);
      expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
