import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// `npm start` as a user runs it: it must serve, then stop the web server and its embedded PostgreSQL
// on SIGINT (Ctrl-C) and SIGTERM (a service manager), leaving nothing running on the data directory.

function startApp(dataDir: string, port: number): ChildProcess {
  // --no-build: the suite built the app already; a rebuild here would swap .next under the running servers.
  return spawn(process.execPath, ["bin/trailtriage.mjs", "start", "--no-build"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
}

async function waitForHealth(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`nothing answered on port ${port}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`npm start stops the web server and the embedded PostgreSQL on ${signal}`, async () => {
    test.setTimeout(120_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-lifecycle-"));
    const port = signal === "SIGINT" ? 3102 : 3103;
    const app = startApp(dataDir, port);
    try {
      await waitForHealth(port);
      const pidFile = path.join(dataDir, "pg", "postmaster.pid");
      const postgresPid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
      expect(isAlive(postgresPid)).toBe(true);

      const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
      app.kill(signal);
      await exited;

      expect(isAlive(postgresPid)).toBe(false);
      expect(existsSync(pidFile)).toBe(false);
      await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
    } finally {
      if (app.exitCode === null) app.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
