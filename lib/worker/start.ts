import type PgBoss from "pg-boss";
import { createPool } from "@/lib/db/pool";
import { ruleDetectionStep, startDetection } from "@/lib/detection/engine/start";
import { startSummariser } from "@/lib/entities/summariser";
import type { IngestLimits } from "@/lib/ingest/limits";
import { type IngestStep, IngestSteps } from "@/lib/ingest/steps";
import { INGEST_CONNECTIONS, removeAbandonedParts, startIngestConsumer } from "@/lib/ingest/worker";
import { startQueue } from "@/lib/jobs/queue";
import { backendPriorityHook } from "@/lib/worker/priority";

// A worker process, composed: ingestion (lib/ingest) with detection's step after each batch
// (lib/detection), the investigation views' summariser (lib/entities), and a periodic check that picks up
// whatever a crash left behind. The one place that knows all three; `trailtriage worker`, `trailtriage
// ingest` and the tests start workers through it. Any number can run on one database.

const RECOVER_EVERY_MS = 10_000;

export interface Worker {
  boss: PgBoss;
  /** Re-sends jobs for unfinished uploads that nothing is working on. */
  recover(): Promise<number>;
  /** Adds a step after each stored batch (tests record what detection would be shown); returns its removal. */
  addStep(step: IngestStep): () => void;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  url: string;
  dataDir: string;
  limits: IngestLimits;
  log?: (message: string) => void;
  logError?: (message: string, error: unknown) => void;
  /** Match stored events and keep signals up to date (default). Off: ingest only (env DETECTION=off). */
  detection?: boolean;
  /** Entities with this many events keep facets (lib/entities/summarize.ts); tests lower it. */
  summaryDetailThreshold?: number;
  /** Run the worker's PostgreSQL backends at this nice value when the database is local (0: as they are). */
  backendNiceness?: number;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  await removeAbandonedParts(options.dataDir);
  const pool = createPool(
    options.url,
    INGEST_CONNECTIONS + 2,
    backendPriorityHook(options.url, options.backendNiceness ?? 0),
  );
  const boss = await startQueue(options.url, { worker: true });
  const detection = options.detection === false ? null : await startDetection({ pool, boss, log: options.log });
  const steps = new IngestSteps(detection ? [ruleDetectionStep] : []);
  const ingest = await startIngestConsumer({
    pool,
    boss,
    dataDir: options.dataDir,
    limits: options.limits,
    steps,
    log: options.log,
    logError: options.logError,
  });
  // Counts stored batches into the entity summaries in the background, together: what a crash left queued,
  // and events stored before the summaries existed, too.
  const summariser = startSummariser(pool, {
    detailThreshold: options.summaryDetailThreshold,
    logError: options.logError,
  });
  const recovered = await ingest.recover();
  if (recovered > 0) options.log?.(`Resuming ${recovered} unfinished upload(s)`);
  // Catching up on detection (a crash, a rule change) must not hold up the worker's start.
  detection?.check().catch((error) => options.logError?.("could not catch up on detection", error));
  const timer = setInterval(() => {
    ingest.recover().catch((error) => options.logError?.("could not check for unfinished uploads", error));
    detection?.check().catch((error) => options.logError?.("could not catch up on detection", error));
  }, RECOVER_EVERY_MS);
  timer.unref();

  return {
    boss,
    recover: ingest.recover,
    addStep: (step) => steps.add(step),
    async stop() {
      clearInterval(timer);
      await summariser.stop();
      await boss.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
