import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { onCleanup } from "@/bench/cleanup";

// The ingest worker exactly as `npm start` runs it: `node bin/trailtriage.mjs worker`, its own process, given
// DATABASE_URL and DATA_DIR. Its log (JSON lines on stderr) tells us when it is ready; warnings and errors
// are passed on. Stopping is SIGTERM (its own exit hook stops the queue), then SIGKILL if it hangs.

export interface WorkerProcess {
  pid: number;
  /** Rejects if the worker exits before stop() was called. */
  failed: Promise<never>;
  stop(): Promise<void>;
}

const READY = "Ingest worker ready";

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

export async function startWorkerProcess(options: {
  repoRoot: string;
  url: string;
  dataDir: string;
  /** Write a V8 CPU profile of the worker here (node --cpu-prof). */
  cpuProfileDir?: string;
  /** false: an ingest-only worker (DETECTION=off), the baseline detection is measured against. */
  detection?: boolean;
}): Promise<WorkerProcess> {
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(options.repoRoot, "bin", "trailtriage.mjs"), "worker"], {
    cwd: options.repoRoot,
    stdio: ["ignore", "inherit", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.url,
      DATA_DIR: options.dataDir,
      LOG_LEVEL: "info",
      DETECTION: options.detection === false ? "off" : "on",
    },
  });
  let ready: () => void = () => {};
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => {
    let entry: { level?: number; msg?: string } | null = null;
    try {
      entry = JSON.parse(line);
    } catch {}
    if (entry?.msg?.startsWith(READY)) ready();
    else if (!entry || (entry.level ?? 0) >= 40) console.error(`worker: ${line}`);
  });

  let stopping = false;
  const exited = exitOf(child);
  const kill = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const unregister = onCleanup(kill, "stopping the worker");
  const failed = exited.then((code) => {
    if (!stopping) throw new Error(`the worker process exited unexpectedly (code ${code})`);
    return new Promise<never>(() => {});
  });
  failed.catch(() => {});

  await Promise.race([
    isReady,
    failed,
    new Promise((_, reject) => setTimeout(() => reject(new Error("the worker did not start in 60 s")), 60_000).unref()),
  ]);
  return {
    pid: child.pid as number,
    failed,
    async stop() {
      unregister();
      await kill();
    },
  };
}
