import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEDROCK_DISCOVERY_RULE_ID } from "@/lib/detection/bedrock-rule";
import { repoRoot } from "@/tests/support/databases";
import { call, userArn } from "@/tests/support/detection-events";
import { s3RecordsText, tarArchive, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";
import { SPEC_BEDROCK_NAMES, SPEC_SEED_NAMES, SPEC_SEED_SOURCES } from "@/tests/support/rule-spec";
import { hasSharedData, noSharedDataReason, sharedDataDir } from "@/tests/support/shared-data";

// Every real sample in ../shared/data goes through the real worker. None is a true positive
// (DOMAIN.md §4), so the rule must raise nothing. "Nothing" is checked against a query written from
// DOMAIN.md §1 on the stored columns, not through the engine; and the data is shown to hold the near
// misses that make a zero meaningful (denials elsewhere, Bedrock calls that succeeded, trap keys).

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Distinct events in `files`, by tests/support/independent-count.py (Python's own readers). */
function independentKeys(files: string[]): number {
  const script = path.join(repoRoot, "tests", "support", "independent-count.py");
  return JSON.parse(execFileSync("python3", [script, ...files], { encoding: "utf8", maxBuffer: 1 << 24 })).keys;
}

const S3_TREE = "sans504_s3_ransomware_lab";

const list = (values: string[]) => values.map((value) => `'${value}'`).join(", ");
const DISCOVERY_CALL = `((event_name IN (${list(SPEC_SEED_NAMES)}) AND event_source IN (${list(SPEC_SEED_SOURCES)}))
  OR (event_name IN (${list(SPEC_BEDROCK_NAMES)}) AND event_source = 'bedrock.amazonaws.com'))`;
const DENIED = `error_code IN ('AccessDenied', 'AccessDeniedException')`;
// Written from the table in DOMAIN.md §1 on the raw columns (an AKIA key of an IAMUser, Root or unstated
// identity), and separately on the stored classification, which also covers Bedrock API keys.
const LONG_TERM_BY_COLUMNS = `(access_key_id LIKE 'AKIA%' AND (principal_type IS NULL OR principal_type IN ('IAMUser', 'Root')))`;
const LONG_TERM_BY_CLASS = `credential_type IN ('long_term_key', 'bedrock_api_key')`;

describe.skipIf(!hasSharedData)(
  hasSharedData ? "detection on the real samples" : `detection on the real samples (skipped: ${noSharedDataReason})`,
  () => {
    let harness: IngestHarness;
    let files: string[];
    let folder: Awaited<ReturnType<typeof tempFolder>> | undefined;
    const count = async (where: string) => {
      const rows = await harness.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM events WHERE ${where}`,
      );
      return rows[0]?.n;
    };

    beforeAll(async () => {
      harness = await createIngestHarness();
      await harness.startWorker();
      // The rule's first evaluation runs when the worker starts; wait for it, so that each upload's
      // signals are computed before it says done.
      for (const deadline = Date.now() + 30_000; ; ) {
        const rule = await harness.db.rule.findUnique({ where: { id: BEDROCK_DISCOVERY_RULE_ID } });
        if (rule && rule.evaluatedVersion === rule.currentVersion) break;
        if (Date.now() > deadline) throw new Error("the rule's first evaluation did not finish");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      files = filesUnder(sharedDataDir);
      // The S3 delivery tree (some 1,400 small .json.gz) goes up as one tar, as a user uploads an
      // exported AWSLogs folder, which keeps this file's time down; every other file goes up alone.
      const tree = path.join(sharedDataDir, S3_TREE);
      const inTree = files.filter((file) => file.startsWith(`${tree}${path.sep}`));
      folder = await tempFolder("real-data");
      const archive = await folder.write(
        `${S3_TREE}.tar`,
        await tarArchive(
          inTree.map((file) => ({ name: path.relative(sharedDataDir, file), data: readFileSync(file) })),
        ),
      );
      const sent = [archive, ...files.filter((file) => !inTree.includes(file))];
      // waitForUploads answers in the order the files were sent.
      const uploads = await harness.waitForUploads(await harness.upload(sent), 110_000);
      // Files that are not CloudTrail (SOURCES.md, an index, a custom CSV, a digest) fail and say so;
      // no file that holds events may.
      const failed = sent.filter((_, i) => uploads[i]?.status !== "done");
      expect(failed.length).toBeLessThan(10);
      expect(independentKeys(failed)).toBe(0);
    }, 120_000);
    afterAll(async () => {
      await harness?.close();
      await folder?.remove();
    });

    it("stores every distinct event of the samples, as many as an independent count finds", async () => {
      const expected = independentKeys(files);
      expect(expected).toBeGreaterThan(10_000);
      expect(await harness.db.event.count()).toBe(expected);
    });

    it("raises no signal and stores no match", async () => {
      expect(await harness.db.signal.count()).toBe(0);
      expect(await harness.db.ruleMatch.count()).toBe(0);
      const rule = await harness.db.rule.findUniqueOrThrow({ where: { id: BEDROCK_DISCOVERY_RULE_ID } });
      expect(rule.evaluatedVersion).toBe(rule.currentVersion);
      expect(await harness.db.detectionDirtyGroup.count()).toBe(0);
    });

    it("holds no event that satisfies the rule, by a query written from DOMAIN.md", async () => {
      expect(await count(`${DISCOVERY_CALL} AND ${DENIED} AND ${LONG_TERM_BY_COLUMNS}`)).toBe(0);
      expect(await count(`${DISCOVERY_CALL} AND ${DENIED} AND ${LONG_TERM_BY_CLASS}`)).toBe(0);
    });

    it("holds the near misses that make that zero mean something", async () => {
      // Long-term keys denied, on other APIs.
      expect(await count(`${DENIED} AND ${LONG_TERM_BY_COLUMNS} AND NOT ${DISCOVERY_CALL}`)).toBeGreaterThan(0);
      // Bedrock calls that succeeded.
      expect(await count(`event_source LIKE 'bedrock%' AND error_code IS NULL`)).toBeGreaterThan(0);
      // AWS's example AKIA key on an assumed role (Elastic's fixture): a key prefix the identity overrules.
      expect(await count(`access_key_id LIKE 'AKIA%' AND credential_type = 'temporary'`)).toBeGreaterThan(0);
      // Denials by temporary credentials.
      expect(await count(`${DENIED} AND access_key_id LIKE 'ASIA%'`)).toBeGreaterThan(0);
    });

    it("would have seen a true positive: one planted among the samples is found by the query and the engine", async () => {
      const prefix = uniquePrefix();
      const file = await (folder as NonNullable<typeof folder>).write(
        "planted.json",
        s3RecordsText([call({ prefix, index: 1, user: `planted-${prefix}`, time: "2026-03-01T10:00:00Z" })]),
      );
      await harness.waitForUploads(await harness.upload([file]));
      expect(await count(`${DISCOVERY_CALL} AND ${DENIED} AND ${LONG_TERM_BY_COLUMNS}`)).toBe(1);
      const signals = await harness.db.signal.findMany();
      expect(signals.map((signal) => [signal.principalArn, signal.eventCount])).toEqual([
        [userArn(`planted-${prefix}`), 1],
      ]);
    });
  },
);
