import type pg from "pg";
import type PgBoss from "pg-boss";
import { holdBatchLockShared } from "@/lib/detection/engine/batch-lock";
import { drainDetection } from "@/lib/detection/engine/drain";
import { matchEvents, queueFollowUpGroups, storeMatches } from "@/lib/detection/engine/match";
import { reevaluateRule, rulesNeedingEvaluation } from "@/lib/detection/engine/reevaluate";
import { refreshSignalMessages } from "@/lib/detection/engine/refresh-messages";
import { currentRules, ensureBuiltInRules } from "@/lib/detection/engine/rules-store";
import type { IngestStep } from "@/lib/ingest/steps";
import { enqueueRuleEvaluation, RULE_QUEUE, type RuleJob } from "@/lib/jobs/queue";

// Detection inside the worker: every stored batch is matched in its own transaction; after each upload
// the dirty groups are regrouped; rule changes are re-evaluated from their own queue. A periodic check
// picks up whatever a crash left behind.

/** Detection's step after each stored batch (lib/worker/start.ts hands it to ingestion). Stateless. */
export const ruleDetectionStep: IngestStep = {
  name: "rules",
  async onBatch(tx, batch) {
    await holdBatchLockShared(tx);
    for (const active of await currentRules(tx)) {
      if (!active.config.enabled) continue;
      await storeMatches(tx, active.rule.id, active.versionId, matchEvents(active, batch.events));
    }
    await queueFollowUpGroups(tx, batch.events);
  },
  async onUploadDone(_uploadId, pool) {
    await drainDetection(pool);
  },
};

export interface DetectionWorker {
  /** Queues re-evaluation for rules that need it and regroups whatever is queued. */
  check(): Promise<void>;
}

export async function startDetection(options: {
  pool: pg.Pool;
  boss: PgBoss;
  log?: (message: string) => void;
}): Promise<DetectionWorker> {
  const { pool, boss } = options;
  await ensureBuiltInRules(pool);
  await boss.work<RuleJob>(RULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await reevaluateRule(pool, job.data.ruleId, options.log);
      await drainDetection(pool);
    }
  });
  // Messages stored when their links opened another page point at the investigation views from now on.
  refreshSignalMessages(pool)
    .then((count) => {
      if (count > 0) options.log?.(`Re-rendered ${count} signal message(s) with links to the investigation views`);
    })
    .catch((error) => options.log?.(`could not refresh signal messages: ${(error as Error).message}`));
  return {
    async check() {
      for (const ruleId of await rulesNeedingEvaluation(pool)) await enqueueRuleEvaluation(boss, ruleId);
      await drainDetection(pool);
    },
  };
}
