import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { repoRoot } from "@/tests/support/databases";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";
import { hasSharedData, noSharedDataReason, sharedDataDir } from "@/tests/support/shared-data";

// Every real export format in ../shared/data, ingested through the real queue and worker into
// PostgreSQL, with counts checked against an independent count (tests/support/independent-count.py,
// Python's own json/gzip/zip/csv readers).

interface Count {
  records: number;
  valid: number;
  keys: number;
}

function independentCount(files: string[]): Count {
  const script = path.join(repoRoot, "tests", "support", "independent-count.py");
  return JSON.parse(execFileSync("python3", [script, ...files], { encoding: "utf8", maxBuffer: 1 << 24 }));
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

const data = (...parts: string[]) => path.join(sharedDataDir, ...parts);

describe.skipIf(!hasSharedData)(
  hasSharedData ? "ingesting the real samples" : `ingesting the real samples (skipped: ${noSharedDataReason})`,
  () => {
    // A database per case: the samples share events (Panther's fixtures reuse real ones).
    let harness: IngestHarness;
    beforeEach(async () => {
      harness = await createIngestHarness();
    });
    afterEach(async () => {
      await harness?.close();
    });

    const cases: [string, () => string[], string][] = [
      ["S3 delivery files, gzip", () => filesUnder(data("sans504_s3_ransomware_lab")), "gzip: s3-records"],
      ["S3 delivery files, plain JSON", () => filesUnder(data("invictus-ir_aws_dataset")), "s3-records"],
      ["bare JSON arrays", () => filesUnder(data("stratus-red-team_detonation-logs")), "json-array"],
      [
        "console CSV, current layout",
        () => [data("console_event_history", "kim-do-hyeon_bob-cloudgoat-ass", "event_history.csv")],
        "console-csv",
      ],
      [
        "console CSV, 2020 layout",
        () => [data("console_event_history", "deviabhishek_first-re", "event_history.csv")],
        "console-csv-2020",
      ],
      [
        "console JSON",
        () => [data("console_event_history", "HarthyManthena_cloud_security_dashboard", "event_history.json")],
        "s3-records",
      ],
      [
        "JSON Lines with Panther's extra keys and time format",
        () => [data("panther-analysis_cloudtrail-rule-tests", "panther_cloudtrail_rule_test_logs.jsonl")],
        "json-lines",
      ],
      [
        "a zip of Logstash JSON Lines",
        () => [data("otrf_security-datasets", "ec2_proxy_s3_exfiltration.zip")],
        "zip: json-lines",
      ],
      ["lookup-events output", () => [data("format_examples", "awscli_lookup-events_example.json")], "lookup-events"],
    ];

    test.each(cases)("%s: every event stored once, counts match an independent count", async (_name, list, format) => {
      const files = list();
      const expected = independentCount(files);
      const before = await harness.db.event.count();
      const ids = await harness.upload(files);
      const uploads = await harness.waitForUploads(ids, 120_000);
      const sum = (key: "eventsParsed" | "eventsInserted" | "eventsDuplicate" | "eventsRejected") =>
        uploads.reduce((total, upload) => total + upload[key], 0);
      expect(uploads.every((upload) => upload.status === "done")).toBe(true);
      expect(sum("eventsParsed")).toBe(expected.valid);
      expect(sum("eventsParsed") + sum("eventsRejected")).toBe(expected.records);
      expect(sum("eventsInserted")).toBe(expected.keys);
      expect(sum("eventsDuplicate")).toBe(expected.valid - expected.keys);
      expect((await harness.db.event.count()) - before).toBe(expected.keys);
      expect(new Set(uploads.map((upload) => upload.format))).toEqual(new Set([format]));
    });

    test("the Elastic digest file is skipped with a note, and its events file beside it is read", async () => {
      const dir = data("elastic-integrations_cloudtrail-pipeline-tests");
      const ids = await harness.upload([
        path.join(dir, "test-cloudtrail-digest-json.log"),
        path.join(dir, "test-console-login-json.log"),
      ]);
      const [digest, login] = await harness.waitForUploads(ids);
      expect(digest?.eventsParsed).toBe(0);
      expect(digest?.skipped).toEqual([
        { path: "test-cloudtrail-digest-json.log", reason: expect.stringContaining("digest") },
      ]);
      expect(login?.eventsParsed).toBe(independentCount([path.join(dir, "test-console-login-json.log")]).valid);
    });

    test("the custom CSV in the OTRF zip is not CloudTrail: the upload fails and says so", async () => {
      const [id] = await harness.upload([data("otrf_security-datasets", "aws_s3_honeybucketlogs.zip")]);
      const [upload] = await harness.waitForUploads([id as string]);
      expect(upload?.status).toBe("failed");
      expect(upload?.failureReason).toMatch(/not a CloudTrail export/);
    });
  },
);

describe.skipIf(!hasSharedData)(
  hasSharedData ? "overlapping exports" : `overlapping exports (skipped: ${noSharedDataReason})`,
  () => {
    let harness: IngestHarness;
    beforeAll(async () => {
      harness = await createIngestHarness();
    });
    afterAll(async () => {
      await harness?.close();
    });

    test("the two gi11rl CSV exports: the second adds only events the first lacked", async () => {
      const first = data("console_event_history", "gi11rl_CloudGoat", "commit_85d6fda", "event_history.csv");
      const second = data("console_event_history", "gi11rl_CloudGoat", "commit_e484a0e", "event_history.csv");
      const [a] = await harness.waitForUploads(await harness.upload([first]));
      const [b] = await harness.waitForUploads(await harness.upload([second]));
      const both = independentCount([first, second]).keys;
      expect(a?.eventsInserted).toBe(independentCount([first]).keys);
      expect(b?.eventsInserted).toBe(both - independentCount([first]).keys);
      expect((b?.eventsInserted ?? 0) + (b?.eventsDuplicate ?? 0)).toBe(independentCount([second]).valid);
      expect(await harness.db.event.count()).toBe(both);
    });

    test("the HarthyManthena console JSON adds nothing after its S3 files; uploading again adds nothing", async () => {
      const s3 = filesUnder(data("HarthyManthena_cloud_security_dashboard"));
      const console = data("console_event_history", "HarthyManthena_cloud_security_dashboard", "event_history.json");
      const before = await harness.db.event.count();
      await harness.waitForUploads(await harness.upload(s3));
      const afterS3 = await harness.db.event.count();
      expect(afterS3 - before).toBe(independentCount(s3).keys);
      const [consoleUpload] = await harness.waitForUploads(await harness.upload([console]));
      expect(afterS3 - before + (consoleUpload?.eventsInserted ?? 0)).toBe(independentCount([...s3, console]).keys);
      const again = await harness.waitForUploads(await harness.upload(s3));
      expect(again.reduce((n, upload) => n + upload.eventsInserted, 0)).toBe(0);
      expect(again.reduce((n, upload) => n + upload.eventsDuplicate, 0)).toBe(independentCount(s3).valid);
    });
  },
);
