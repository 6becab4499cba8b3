import PgBoss from "pg-boss";

// The durable job queue: pg-boss, in the app's own PostgreSQL (schema "pgboss"). A job only names an
// upload; the upload row and its stored file hold everything else, and processing is idempotent, so a
// job may run again after a crash without harm.

export const INGEST_QUEUE = "ingest-upload";
export const QUEUE_SCHEMA = "pgboss";

export interface IngestJob {
  uploadId: string;
}

/** Re-evaluation of a rule after a configuration change (lib/detection/engine/reevaluate.ts). */
export const RULE_QUEUE = "rule-reevaluate";

export interface RuleJob {
  ruleId: string;
}

export async function startQueue(url: string, options: { worker: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: options.worker ? 4 : 2,
    // Only workers run maintenance (expiry, retention); the web server only sends.
    supervise: options.worker,
    schedule: false,
  });
  boss.on("error", () => {});
  await boss.start();
  // "short": one waiting job per upload at most (singletonKey), however often recovery re-sends it.
  await boss.createQueue(INGEST_QUEUE, {
    name: INGEST_QUEUE,
    policy: "short",
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    // A job running longer than this is handed out again; the upload lock makes the second one a no-op
    // while the first is alive.
    expireInSeconds: 4 * 60 * 60,
  });
  await boss.createQueue(RULE_QUEUE, {
    name: RULE_QUEUE,
    policy: "short",
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 4 * 60 * 60,
  });
  return boss;
}

export async function enqueueRuleEvaluation(boss: PgBoss, ruleId: string): Promise<void> {
  await boss.send(RULE_QUEUE, { ruleId } satisfies RuleJob, { singletonKey: ruleId });
}

export async function enqueueUpload(boss: PgBoss, uploadId: string): Promise<void> {
  await boss.send(INGEST_QUEUE, { uploadId } satisfies IngestJob, { singletonKey: uploadId });
}

const globalForQueue = globalThis as unknown as { trailtriageQueue?: Promise<PgBoss> };

/** The web server's sender, started once per process. */
export function getQueue(url: string): Promise<PgBoss> {
  if (!globalForQueue.trailtriageQueue) {
    globalForQueue.trailtriageQueue = startQueue(url, { worker: false }).catch((error) => {
      globalForQueue.trailtriageQueue = undefined;
      throw error;
    });
  }
  return globalForQueue.trailtriageQueue;
}
