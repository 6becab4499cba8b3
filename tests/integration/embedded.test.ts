import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { connect } from "@/tests/support/databases";

// Runs whatever database the rest of the suite uses: the embedded cluster is always available.
describe("embedded PostgreSQL", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tt-embedded-"));
    dirs.push(dir);
    return dir;
  }

  it("starts, stops, starts again on the same DATA_DIR, and the data is still there", async () => {
    const dir = await dataDir();
    const first = await startEmbeddedDatabase({ dataDir: dir });
    expect(first.owned).toBe(true);
    const client = await connect(first.url);
    await client.query("CREATE TABLE kept (note text)");
    await client.query("INSERT INTO kept VALUES ('survives a restart')");
    await client.end();
    await first.stop();

    expect(existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(false);
    await expect(connect(first.url)).rejects.toThrow();

    const second = await startEmbeddedDatabase({ dataDir: dir });
    try {
      const again = await connect(second.url);
      const { rows } = await again.query("SELECT note FROM kept");
      await again.end();
      expect(rows).toEqual([{ note: "survives a restart" }]);
    } finally {
      await second.stop();
    }
  });

  it("lets a second process on the same DATA_DIR use the running cluster instead of starting another", async () => {
    const dir = await dataDir();
    const server = await startEmbeddedDatabase({ dataDir: dir });
    try {
      const cli = await startEmbeddedDatabase({ dataDir: dir });
      expect(cli.owned).toBe(false);
      expect(cli.port).toBe(server.port);
      await cli.stop(); // not the owner: must leave the cluster running
      const client = await connect(server.url);
      const { rows } = await client.query("SELECT 1 AS up");
      await client.end();
      expect(rows).toEqual([{ up: 1 }]);
    } finally {
      await server.stop();
    }
  });

  it("listens on loopback only, with a password", async () => {
    const dir = await dataDir();
    const db = await startEmbeddedDatabase({ dataDir: dir });
    try {
      const client = await connect(db.url);
      const { rows } = await client.query("SHOW listen_addresses");
      await client.end();
      expect(rows[0].listen_addresses).toBe("127.0.0.1");
      const wrong = new URL(db.url);
      wrong.password = "not-the-password";
      await expect(connect(wrong.toString())).rejects.toThrow(/password authentication failed/);
    } finally {
      await db.stop();
    }
  });
});

describe("embedded PostgreSQL started by root", () => {
  const isRoot = process.getuid?.() === 0;

  // Root-only behaviour: as a normal user PostgreSQL runs as that user and needs no relocation.
  it.skipIf(!isRoot)("keeps working when DATA_DIR sits inside a folder the postgres user cannot enter", async () => {
    const closed = await mkdtemp(path.join(os.tmpdir(), "tt-closed-")); // 0700, like a clone under mktemp -d
    const dataDir = path.join(closed, "clone", ".data");
    try {
      const first = await startEmbeddedDatabase({ dataDir });
      const client = await connect(first.url);
      await client.query("CREATE TABLE kept AS SELECT 42 AS answer");
      await client.end();
      await first.stop();

      const second = await startEmbeddedDatabase({ dataDir });
      const again = await connect(second.url);
      const { rows } = await again.query("SELECT answer FROM kept");
      await again.end();
      await second.stop();
      expect(rows).toEqual([{ answer: 42 }]);
      // Opened for traversal only: other users still cannot list it.
      expect((await stat(closed)).mode & 0o777).toBe(0o701);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });
});
