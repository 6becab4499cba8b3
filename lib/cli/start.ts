import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import exitHook from "async-exit-hook";
import { prepareFirstRun } from "@/lib/auth/setup";
import { isBuildStale, runNextBuild } from "@/lib/cli/build";
import { migrationsDir, projectRoot } from "@/lib/cli/paths";
import { cliLogs } from "@/lib/cli/with-database";
import { createPrismaClient } from "@/lib/db/client";
import { redactUrl, resolveDatabase } from "@/lib/db/database";
import { holdStop } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { childProcessEnv, env } from "@/lib/env";
import { logger } from "@/lib/logger";

// `npm start`: this process supervises. It owns the database (embedded unless DATABASE_URL is set)
// and runs the Next.js server as a child that receives DATABASE_URL. On SIGINT/SIGTERM it stops the
// web server and the embedded PostgreSQL, so no orphan is left holding the data directory.

/** With no users yet: create the admin from ADMIN_EMAIL/ADMIN_PASSWORD, or print the one-time setup code. */
async function announceFirstRun(url: string): Promise<void> {
  const prisma = createPrismaClient(url);
  try {
    const admin =
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME }
        : undefined;
    const firstRun = await prepareFirstRun(prisma, { dataDir: env.dataDir, admin });
    if (firstRun.kind === "admin-created") logger.info(`Created the first admin, ${firstRun.email}, from ADMIN_EMAIL`);
    if (firstRun.kind === "setup-code") {
      logger.warn(
        `No users yet. Open the app and enter this one-time setup code: ${firstRun.code} (also in ${firstRun.file})`,
      );
    }
  } finally {
    await prisma.$disconnect();
  }
}

function waitForExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}

export async function start(options: { dev: boolean; build: boolean }): Promise<void> {
  const baseEnv = { NEXT_TELEMETRY_DISABLED: "1" };

  if (!options.dev && options.build && (await isBuildStale())) {
    logger.info("Building the web app (first start, or the sources changed)…");
    await runNextBuild(childProcessEnv({ ...baseEnv, NODE_ENV: "production" }));
  }

  const db = await resolveDatabase(env, cliLogs);
  logger.info(`Database: ${db.kind} (${redactUrl(db.url)})`);
  // Registered at once, so a signal during migration still stops an embedded cluster.
  let child: ChildProcess | undefined;
  const workers = new Map<number, ChildProcess>();
  let isShuttingDown = false;
  const stopWorkers = () => {
    for (const worker of workers.values()) worker.kill("SIGTERM");
    return Promise.all([...workers.values()].map(waitForExit));
  };
  // The embedded cluster stops only once the web server and the workers have exited, whoever asks first.
  holdStop(() => Promise.all([child ? waitForExit(child) : 0, ...[...workers.values()].map(waitForExit)]));
  exitHook((done) => {
    isShuttingDown = true;
    logger.info("Shutting down…");
    child?.kill("SIGTERM");
    Promise.all([child ? waitForExit(child) : 0, stopWorkers()])
      .then(() => db.stop())
      .catch((error) => logger.error({ err: error }, "error while shutting down"))
      .finally(done);
  });

  const result = await migrate({
    url: db.url,
    dir: migrationsDir,
    onApply: (name) => logger.info(`Applying migration ${name}`),
  });
  if (!result.applied.length) logger.info(`Database schema is up to date (${result.alreadyApplied} migrations)`);
  await announceFirstRun(db.url);

  // Ingest workers run in processes of their own (WORKERS of them, one by default), so a large upload
  // never slows the web server. They share the queue: an upload is taken by one at a time. One that dies
  // is started again; unfinished uploads resume where their last batch committed.
  const startWorker = (slot: number) => {
    const worker = spawn(process.execPath, [path.join(projectRoot, "bin", "trailtriage.mjs"), "worker"], {
      cwd: projectRoot,
      stdio: "inherit",
      env: childProcessEnv({ DATABASE_URL: db.url, DATA_DIR: env.dataDir }),
    });
    workers.set(slot, worker);
    worker.once("exit", (code, signal) => {
      if (isShuttingDown) return;
      logger.error(`Ingest worker ${slot + 1} exited (${signal ?? `code ${code}`}); starting it again`);
      setTimeout(() => startWorker(slot), 1000);
    });
  };
  for (let slot = 0; slot < env.WORKERS; slot++) startWorker(slot);
  if (env.WORKERS !== 1) logger.info(`${env.WORKERS} ingest worker(s)`);

  // The web server knows each request's TCP peer, which `next start` does not pass on (lib/cli/serve.ts).
  const args = [
    path.join(projectRoot, "bin", "trailtriage.mjs"),
    "serve",
    "--port",
    String(env.PORT),
    "--hostname",
    env.HOST,
    ...(options.dev ? ["--dev"] : []),
  ];
  child = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: "inherit",
    env: childProcessEnv({
      ...baseEnv,
      NODE_ENV: options.dev ? "development" : "production",
      DATABASE_URL: db.url,
      DATA_DIR: env.dataDir,
    }),
  });
  const shownHost = env.HOST === "127.0.0.1" || env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  logger.info(`TrailTriage is starting on http://${shownHost}:${env.PORT}`);

  const code = await waitForExit(child);
  if (isShuttingDown) return; // the exit hook finishes the shutdown
  // The server stopped by itself (a crash, or a port in use): stop the database too and pass the code on.
  logger.error(`The web server exited with code ${code}`);
  isShuttingDown = true;
  await stopWorkers();
  await db.stop();
  process.exit(code === 0 ? 1 : code);
}
