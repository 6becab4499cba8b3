import type { IngestLimits } from "@/lib/ingest/limits";
import { startWorker } from "@/lib/worker/start";

// The ingest worker in a process of its own, so a test can SIGKILL it mid-upload (or watch it crash)
// and start another. Prints "ready" once it takes jobs; logs each upload's outcome.
//
//   TT_WORKER_URL=postgres://… TT_WORKER_DATA_DIR=/tmp/… TT_LIMITS='{…}' \
//     node --import tsx tests/support/worker-child.ts

const url = process.env.TT_WORKER_URL;
const dataDir = process.env.TT_WORKER_DATA_DIR;
if (!url || !dataDir) throw new Error("TT_WORKER_URL and TT_WORKER_DATA_DIR are required");
const limits: IngestLimits = JSON.parse(process.env.TT_LIMITS ?? "null");

const worker = await startWorker({
  url,
  dataDir,
  limits,
  log: (message) => process.stdout.write(`${message}\n`),
  logError: (message, error) => process.stdout.write(`${message}: ${(error as Error)?.message ?? error}\n`),
});
process.stdout.write("ready\n");

process.once("SIGTERM", () => {
  worker.stop().finally(() => process.exit(0));
});
