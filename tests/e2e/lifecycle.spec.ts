import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { writeLargeS3Gzip } from "../support/fixtures";

// `npm start` as a user runs it: it must serve, then stop the web server and its embedded PostgreSQL
// on SIGINT (Ctrl-C) and SIGTERM (a service manager), leaving nothing running on the data directory.

const ADMIN = { email: "lifecycle@example.test", password: "a long lifecycle password" };

function startApp(dataDir: string, port: number, output?: string[]): ChildProcess {
  // --no-build: the suite built the app already; a rebuild here would swap .next under the running servers.
  const child = spawn(process.execPath, ["bin/trailtriage.mjs", "start", "--no-build"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: output ? ["ignore", "pipe", "pipe"] : "ignore",
  });
  child.stdout?.on("data", (chunk: Buffer) => output?.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output?.push(chunk.toString()));
  return child;
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

/** The session cookie of the admin `startApp` created. */
async function signIn(base: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(ADMIN),
  });
  return login.headers.get("set-cookie")?.split(";")[0] as string;
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

test("SIGTERM during an ingest stops every process cleanly, and the upload finishes after a restart", async () => {
  test.setTimeout(240_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tt-lifecycle-"));
  const port = 3104;
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  let app = startApp(dataDir, port, output);
  try {
    await waitForHealth(port);
    const cookie = await signIn(base);
    const file = path.join(dataDir, "big.json.gz");
    await writeLargeS3Gzip(file, 150_000);
    const accepted = await fetch(`${base}/api/v1/uploads?filename=big.json.gz`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/gzip" },
      body: await readFile(file),
    });
    expect(accepted.status).toBe(202);
    const id = ((await accepted.json()) as { data: { id: string }[] }).data[0]?.id as string;
    const upload = async () =>
      (await (await fetch(`${base}/api/v1/uploads/${id}`, { headers: { cookie } })).json()) as {
        status: string;
        eventsInserted: number;
      };
    await expect.poll(async () => (await upload()).eventsInserted, { timeout: 60_000 }).toBeGreaterThan(0);
    expect((await upload()).status).toBe("processing");

    const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
    app.kill("SIGTERM");
    // 128 + 15: ended by SIGTERM, as a service manager expects; not a crash's 1.
    expect(await exited).toBe(143);
    // The database waited for the worker to finish: no process lost it mid-batch and crashed.
    const said = output.join("");
    expect(said).not.toContain("Unhandled 'error' event");
    expect(said).not.toContain("terminating connection");

    app = startApp(dataDir, port);
    await waitForHealth(port);
    const cookie2 = await signIn(base);
    await expect
      .poll(
        async () =>
          (await (await fetch(`${base}/api/v1/uploads/${id}`, { headers: { cookie: cookie2 } })).json()) as {
            status: string;
            eventsInserted: number;
          },
        { timeout: 120_000 },
      )
      .toMatchObject({ status: "done", eventsInserted: 150_000 });
  } finally {
    if (app.exitCode === null) {
      const exited = new Promise((resolve) => app.once("exit", resolve));
      app.kill("SIGTERM");
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});
