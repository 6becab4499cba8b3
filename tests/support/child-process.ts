import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";

// Running the project's TypeScript in a child process, as bin/trailtriage.mjs does: tsx with the
// repository's tsconfig (for the @/ paths). For what a test cannot do in its own process: crash it,
// or kill it mid-work.

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const tsconfig = path.join(repoRoot, "tsconfig.json");

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, TSX_TSCONFIG_PATH: tsconfig, ...extra };
}

/** Runs `script` (a path under the repository) to completion. */
export function runTsSync(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: childEnv(options.env ?? {}),
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

export interface RunningChild {
  child: ChildProcess;
  /** What it wrote so far, stdout and stderr interleaved, for failure messages. */
  output(): string;
  /** Resolves with the exit code (null: killed by a signal) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the child writes `line` on a line of its own; rejects if it exits first. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
}

/**
 * Starts `script` and keeps it running; the caller must kill it (see `killChild`). `nodeArgs` go before the
 * script, e.g. `--conditions=react-server` for the server modules.
 */
export function startTs(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): RunningChild {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  return {
    child,
    output: () => output,
    exited,
    waitForLine(line, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`child did not print "${line}" within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const check = () => {
          if (output.split("\n").includes(line)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(
              new Error(`child exited (${child.exitCode ?? child.signalCode}) before "${line}"; output:\n${output}`),
            );
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** SIGKILLs the child (by its own pid) unless it already exited, and waits for it to be gone. */
export async function killChild(running: RunningChild): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
  await running.exited;
}

/**
 * The app's worker in a process of its own (tests/support/worker-child.ts), ready to take jobs, so a test can
 * SIGKILL it mid-work. The caller keeps it (to kill it or clean it up).
 */
export async function startWorkerChild(options: {
  url: string;
  dataDir: string;
  limits: unknown;
}): Promise<RunningChild> {
  const child = startTs("tests/support/worker-child.ts", [], {
    TT_WORKER_URL: options.url,
    TT_WORKER_DATA_DIR: options.dataDir,
    TT_LIMITS: JSON.stringify(options.limits),
  });
  await child.waitForLine("ready");
  return child;
}

/**
 * One change made by the web server's own code (tests/support/server-child.ts) in a process of its own, so a
 * test can SIGKILL it mid-change. `call` is what that script's TT_CALL takes.
 */
export function startServerCall(options: { url: string; actor: unknown; call: unknown }): RunningChild {
  return startTs(
    "tests/support/server-child.ts",
    [],
    { DATABASE_URL: options.url, TT_ACTOR: JSON.stringify(options.actor), TT_CALL: JSON.stringify(options.call) },
    ["--conditions=react-server"],
  );
}
