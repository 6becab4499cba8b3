import { createReadStream } from "node:fs";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { systemActor } from "@/lib/auth/audit";
import { acceptUpload } from "@/lib/ingest/accept";
import type { IngestLimits } from "@/lib/ingest/limits";
import { enqueueRuleEvaluation, startQueue } from "@/lib/jobs/queue";
import { killChild, type RunningChild, startWorkerChild } from "@/tests/support/child-process";
import { tempFolder, writeLargeS3Gzip } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness, testLimits } from "@/tests/support/ingest";
import { expectedSyntheticDetection } from "@/tests/support/synthetic-expect";

// Issue 15, "Prove it: faults". A rule change re-evaluates every stored candidate under the new version and
// regroups the signals. Kill the worker (SIGKILL, a process of its own) in the middle of that, start another:
// it finishes the re-evaluation, with every match of the new version stored once and the signals exactly
// what they were (the change here does not alter what matches), and nothing left queued.

const GENERATED = 150_000;
const RULE = "bedrock-discovery-long-term-key";
const limits: IngestLimits = { ...testLimits, maxExpandedBytes: 1024 * 1024 * 1024 };

describe("a rule re-evaluation cut by a killed worker", () => {
  let harness: IngestHarness;
  let queue: PgBoss;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const children = new Set<RunningChild>();

  beforeAll(async () => {
    harness = await createIngestHarness(limits);
    queue = await startQueue(harness.database.url, { worker: false });
    folder = await tempFolder("reevaluate");
  });
  afterAll(async () => {
    for (const child of children) await killChild(child);
    await queue?.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
    await harness?.close();
    await folder?.remove();
  });

  async function startWorker(): Promise<RunningChild> {
    const child = await startWorkerChild({ url: harness.database.url, dataDir: harness.dataDir, limits });
    children.add(child);
    return child;
  }

  async function state() {
    const [row] = await harness.db.$queryRaw<
      { current: number; evaluated: number | null; matches: number; signals: number; grouped: number; queued: number }[]
    >`
      SELECT r.current_version AS current, r.evaluated_version AS evaluated,
             (SELECT count(*)::int FROM rule_matches m JOIN rule_versions v ON v.id = m.rule_version_id
               WHERE v.rule_id = r.id AND v.version = r.current_version) AS matches,
             (SELECT count(*)::int FROM signals WHERE rule_id = r.id AND merged_into_id IS NULL AND retired_at IS NULL) AS signals,
             (SELECT count(DISTINCT se.event_id)::int FROM signal_events se JOIN signals s ON s.id = se.signal_id
               WHERE s.merged_into_id IS NULL AND s.retired_at IS NULL) AS grouped,
             (SELECT count(*)::int FROM detection_dirty_groups) AS queued
        FROM rules r WHERE r.id = ${RULE}`;
    if (!row) throw new Error("the rule is missing");
    return row;
  }

  test("the next worker finishes it: the new version's matches once each, the same signals", {
    timeout: 300_000,
  }, async () => {
    const { denied, sessions } = expectedSyntheticDetection(GENERATED);
    const file = path.join(folder.dir, "111122223333_CloudTrail_us-east-1_20260101T0000Z_reeval.json.gz");
    await writeLargeS3Gzip(file, GENERATED);
    const first = await startWorker();
    const accepted = await acceptUpload(createReadStream(file), {
      db: harness.db,
      queue,
      dataDir: harness.dataDir,
      maxUploadBytes: limits.maxUploadBytes,
      filename: path.basename(file),
      origin: "cli",
      actor: systemActor("test"),
    });
    for (;;) {
      const upload = await harness.db.upload.findUniqueOrThrow({ where: { id: accepted.id } });
      if (upload.status === "done") break;
      expect(upload.status).not.toBe("failed");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const before = await state();
    expect(before).toMatchObject({
      evaluated: before.current,
      matches: denied,
      signals: sessions,
      grouped: denied,
      queued: 0,
    });

    // A new version that matches the same events (only the signal title changes), then its re-evaluation.
    await harness.db.$transaction([
      harness.db.$executeRaw`
        INSERT INTO rule_versions (rule_id, version, config, comment)
        SELECT v.rule_id, v.version + 1, jsonb_set(v.config, '{playbook,title}', '"Re-evaluated title"'::jsonb), 'test'
          FROM rule_versions v JOIN rules r ON r.id = v.rule_id AND v.version = r.current_version
         WHERE r.id = ${RULE}`,
      harness.db.$executeRaw`UPDATE rules SET current_version = current_version + 1 WHERE id = ${RULE}`,
    ]);
    await enqueueRuleEvaluation(queue, RULE);

    // Killed once the new version has some of its matches and not all.
    const deadline = Date.now() + 120_000;
    let cut = await state();
    while (!(cut.matches > 0 && cut.matches < denied)) {
      if (cut.evaluated === cut.current)
        throw new Error(`the re-evaluation finished before the kill: ${JSON.stringify(cut)}`);
      if (Date.now() > deadline) throw new Error(`the re-evaluation did not start: ${JSON.stringify(cut)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      cut = await state();
    }
    await killChild(first);
    children.delete(first);
    expect(first.child.signalCode).toBe("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = await state();
    // Half done, and it says so: the rule is not marked evaluated under the new version.
    expect(stopped.evaluated).toBe(before.current);
    expect(stopped.matches).toBeLessThan(denied);

    await startWorker();
    const finishBy = Date.now() + 180_000;
    let after = await state();
    while (!(after.evaluated === after.current && after.queued === 0)) {
      if (Date.now() > finishBy) throw new Error(`the re-evaluation was not finished: ${JSON.stringify(after)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await state();
    }
    expect(after).toEqual({
      current: before.current + 1,
      evaluated: before.current + 1,
      matches: denied,
      signals: sessions,
      grouped: denied,
      queued: 0,
    });
    const titles = await harness.db.signal.findMany({
      where: { ruleId: RULE, mergedIntoId: null, retiredAt: null },
      select: { title: true },
    });
    expect(new Set(titles.map((signal) => signal.title))).toEqual(new Set(["Re-evaluated title"]));
  });
});
