import exitHook from "async-exit-hook";
import { cliLogs } from "@/lib/cli/with-database";
import { resolveDatabase } from "@/lib/db/database";
import { env } from "@/lib/env";
import { ingestLimits } from "@/lib/ingest/limits";
import { logger } from "@/lib/logger";
import { lowerOwnPriority } from "@/lib/worker/priority";
import { startWorker } from "@/lib/worker/start";

/** `trailtriage worker`: the ingest worker on its own. `trailtriage start` runs one beside the web server. */
export async function runWorker(): Promise<void> {
  const database = await resolveDatabase(env, cliLogs);
  // Browsing comes first on a busy machine: this process and its database backends give way (WORKER_NICE).
  lowerOwnPriority(env.WORKER_NICE);
  const worker = await startWorker({
    backendNiceness: env.WORKER_NICE,
    url: database.url,
    dataDir: env.dataDir,
    limits: ingestLimits(),
    detection: env.DETECTION === "on",
    log: (message) => logger.info(message),
    logError: (message, error) => logger.error({ err: error }, message),
  });
  logger.info(env.DETECTION === "on" ? "Ingest worker ready" : "Ingest worker ready (detection off)");
  exitHook((done) => {
    worker
      .stop()
      .then(() => database.stop())
      .catch((error) => logger.error({ err: error }, "error while stopping the worker"))
      .finally(done);
  });
}
