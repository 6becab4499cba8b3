import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { BEDROCK_DISCOVERY_RULE_ID } from "@/lib/detection/bedrock-rule";
import { regroupQueued } from "@/lib/detection/engine/drain";
import { type AttackCorpus, buildAttackCorpus, type ExpectedSignal, shuffled } from "@/tests/support/attack-corpus";
import { consoleCsvText, gzip, jsonLinesText, s3RecordsText, tempFolder } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// A seeded corpus with planted attacks goes through the real worker, and the live signals must be
// exactly the ones the generator planned: no more, no fewer, each with its events, times and severity.
// Then the same corpus, shuffled, split across formats and partly uploaded twice, goes into a fresh
// database, and the signals must come out identical (DOMAIN.md §5: signals depend on the set only).

const SEED = 0x5eed_0ce4;
const corpus: AttackCorpus = buildAttackCorpus(SEED);
let folder: Awaited<ReturnType<typeof tempFolder>>;
const harnesses: IngestHarness[] = [];

beforeAll(async () => {
  folder = await tempFolder("detection-corpus");
});
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await folder?.remove();
});

/** A harness whose rule has finished its first evaluation, so uploads are regrouped as they finish. */
async function readyHarness(): Promise<IngestHarness> {
  const harness = await createIngestHarness();
  harnesses.push(harness);
  await harness.startWorker();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rule = await harness.db.rule.findUnique({ where: { id: BEDROCK_DISCOVERY_RULE_ID } });
    if (rule && rule.evaluatedVersion === rule.currentVersion) return harness;
    if (Date.now() > deadline) throw new Error("the rule's first evaluation did not finish");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ingest(harness: IngestHarness, files: string[]) {
  const uploads = await harness.waitForUploads(await harness.upload(files), 60_000);
  expect(uploads.map((upload) => [upload.filename, upload.status, upload.failureReason])).toEqual(
    files.map((file) => [path.basename(file), "done", null]),
  );
  // "done" means triaged-ready: nothing is left queued for regrouping.
  expect(await harness.db.detectionDirtyGroup.count()).toBe(0);
}

/** The live signals as an analyst sees them, in the generator's terms. */
async function liveSignals(harness: IngestHarness): Promise<Omit<ExpectedSignal, "label">[]> {
  const signals = await harness.db.signal.findMany({
    where: { ruleId: BEDROCK_DISCOVERY_RULE_ID, mergedIntoId: null, retiredAt: null },
    include: { events: { include: { event: { select: { eventId: true } } } } },
  });
  return signals
    .map((signal) => ({
      groupKey: signal.groupKey,
      principalArn: signal.principalArn,
      firstSeen: signal.firstSeen.toISOString(),
      lastSeen: signal.lastSeen.toISOString(),
      eventCount: signal.eventCount,
      severity: signal.severity as ExpectedSignal["severity"],
      eventIds: signal.events.map((link) => link.event.eventId).sort(),
    }))
    .sort(bySignal);
}

const bySignal = (a: { groupKey: string; firstSeen: string }, b: { groupKey: string; firstSeen: string }) =>
  a.groupKey.localeCompare(b.groupKey) || a.firstSeen.localeCompare(b.firstSeen);
const planned = () => corpus.expected.map(({ label: _label, ...signal }) => signal).sort(bySignal);

describe("a seeded corpus with planted attacks", () => {
  let first: IngestHarness;
  let firstSignals: Awaited<ReturnType<typeof liveSignals>>;

  beforeAll(async () => {
    first = await readyHarness();
    await ingest(first, [
      await folder.write("corpus.json", s3RecordsText(corpus.events)),
      await folder.write("corpus-console.csv", consoleCsvText(corpus.csvEvents)),
    ]);
    firstSignals = await liveSignals(first);
  });

  it("plants what the test claims: multi-burst attackers, a 24 h split, the special credentials", () => {
    const labels = corpus.expected.map((signal) => signal.label);
    expect(corpus.expected.length).toBeGreaterThanOrEqual(12);
    expect(labels).toContain("steady scanner, burst 2");
    expect(labels.filter((label) => label.startsWith("Bedrock API key"))).toHaveLength(1);
    expect(corpus.expected.filter((signal) => signal.principalArn === null)).toHaveLength(2);
    expect(corpus.expected.filter((signal) => signal.severity === "high")).toHaveLength(2);
    expect(corpus.events.length + corpus.csvEvents.length).toBeGreaterThan(3000);
  });

  it("stores every event once, and the near misses match nothing", async () => {
    expect(await first.db.event.count()).toBe(corpus.events.length + corpus.csvEvents.length);
    const nearMisses = await first.db.event.findMany({
      where: { eventId: { in: corpus.nearMissIds } },
      include: { ruleMatches: true },
    });
    expect(nearMisses).toHaveLength(corpus.nearMissIds.length);
    expect(nearMisses.filter((event) => event.ruleMatches.length > 0).map((event) => event.eventId)).toEqual([]);
    const plannedMatches = corpus.expected.reduce((sum, signal) => sum + signal.eventCount, 0);
    expect(await first.db.ruleMatch.count()).toBe(plannedMatches);
  });

  it("raises exactly the planned signals: principal, first/last seen, count, severity and events", () => {
    expect(firstSignals).toEqual(planned());
  });

  it("says why the two raised signals are high: one successful call from the signal's IP", async () => {
    const high = await first.db.signal.findMany({ where: { severity: "high" }, orderBy: { firstSeen: "asc" } });
    expect(high.map((signal) => signal.groupKey)).toEqual(
      corpus.expected
        .filter((signal) => signal.severity === "high")
        .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen))
        .map((signal) => signal.groupKey),
    );
    for (const signal of high) {
      expect(signal.followUp).toMatchObject({
        count: 1,
        topCalls: [{ eventName: "GetObject", eventSource: "s3.amazonaws.com", count: 1 }],
      });
    }
  });

  it("explains every matched event: the three conditions, each held", async () => {
    const ids = corpus.expected.flatMap((signal) => signal.eventIds);
    const matches = await first.db.ruleMatch.findMany({
      where: { event: { eventId: { in: ids } } },
      select: { explanation: true },
    });
    expect(matches).toHaveLength(ids.length);
    for (const match of matches) {
      const { conditions } = match.explanation as { conditions: { condition: string; held: boolean }[] };
      expect(conditions.map((condition) => [condition.condition, condition.held])).toEqual([
        ["event", true],
        ["denial", true],
        ["credential", true],
      ]);
    }
  });

  it("gives the same signals when the corpus arrives shuffled, split, in other formats, and partly twice", async () => {
    const second = await readyHarness();
    const json = shuffled(corpus.events, SEED + 1);
    const csv = shuffled(corpus.csvEvents, SEED + 2);
    const part = (k: number, of: number) => json.filter((_, i) => i % of === k);
    const files = [
      await folder.write("part-0.json", s3RecordsText(part(0, 5))),
      await folder.write("part-1.jsonl", jsonLinesText(part(1, 5))),
      await folder.write("part-2.json.gz", gzip(s3RecordsText(part(2, 5)))),
      await folder.write("part-3.jsonl.gz", gzip(jsonLinesText(part(3, 5)))),
      await folder.write("part-4.json", s3RecordsText(part(4, 5))),
      await folder.write("console-a.csv", consoleCsvText(csv.slice(0, Math.ceil(csv.length / 2)))),
      await folder.write("console-b.csv", consoleCsvText(csv.slice(Math.ceil(csv.length / 2)))),
    ];
    const [json0, jsonl1, gz2, jsonlGz3, json4, csvA, csvB] = files as [string, ...string[]];
    // Two fifths alone and in turn first: each leaves gaps (the steady scanner's calls every 40 min are
    // now hours apart), so the later uploads must fill them and merge signals, not just add to them.
    await ingest(second, [json4 as string]);
    await ingest(second, [gz2 as string]);
    // The rest at once (the worker runs three at a time), one of them twice concurrently; then two
    // again later. A re-upload, concurrent or not, must change nothing.
    await ingest(second, [csvB, jsonlGz3, jsonl1, json0, csvA, jsonl1] as string[]);
    await ingest(second, [jsonlGz3, csvA] as string[]);
    expect(await second.db.signal.count({ where: { mergedIntoId: { not: null } } })).toBeGreaterThan(0);
    expect(await liveSignals(second)).toEqual(firstSignals);

    // Uploads regroup only from the signal in progress at their earliest new match; regrouping every
    // group whole, as a re-evaluation does, must find nothing to change.
    const rule = await second.db.rule.findUniqueOrThrow({ where: { id: BEDROCK_DISCOVERY_RULE_ID } });
    const groups = await second.db.signal.findMany({ distinct: ["groupKey"], select: { groupKey: true } });
    const pool = createPool(second.database.url, 2);
    try {
      for (const { groupKey } of groups) {
        const counts = await regroupQueued(pool, rule.id, groupKey, { evaluating: rule.currentVersion });
        expect({ groupKey, ...counts }).toEqual({ groupKey, created: 0, updated: 0, merged: 0, retired: 0 });
      }
    } finally {
      await pool.end();
    }
    expect(await liveSignals(second)).toEqual(firstSignals);
  });
});
