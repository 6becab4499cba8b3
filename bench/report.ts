import type { Corpus } from "@/bench/corpus";
import type { FloorResult } from "@/bench/floor";
import type { ScenarioResult } from "@/bench/scenario";

// The results as a table for people and the same numbers as JSON for comparing runs.

export const TARGET_EVENTS_PER_SECOND = 40_000;
export const TARGET_BIG_RSS_BYTES = 512 * 1024 * 1024;

export interface Target {
  name: string;
  target: string;
  value: string;
  pass: boolean;
  note?: string;
}

const int = (n: number) => Math.round(n).toLocaleString("en");
const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
const fixed = (n: number, digits = 1) => n.toFixed(digits);

export function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)));
  const [head, ...body] = rows.map((row) => line(row).join("  "));
  return [head, "-".repeat(head?.length ?? 0), ...body].join("\n");
}

export function corpusLine(label: string, corpus: Corpus): string {
  return `${label}: ${int(corpus.events)} events in ${corpus.files.length} file(s), ${fixed(corpus.bytes / 1e6)} MB gzip / ${fixed(corpus.uncompressedBytes / 1e6)} MB JSON (seed ${corpus.seed}; ${corpus.cached ? "cached" : `generated in ${fixed(corpus.generationSeconds)} s`}) in ${corpus.dir}`;
}

export function targets(e2e: ScenarioResult, big: ScenarioResult | null, fullSize: boolean): Target[] {
  const list: Target[] = [
    {
      name: `end-to-end events/s (${int(e2e.events)} events)`,
      target: `>= ${int(TARGET_EVENTS_PER_SECOND)} events/s`,
      value: `${int(e2e.eventsPerSecond)} events/s`,
      pass: e2e.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      note: fullSize ? undefined : "the target is set for the 1,000,000-event run; this run is smaller",
    },
  ];
  if (big) {
    list.push({
      name: `worker peak RSS on one ${fixed(big.uncompressedBytes / 1024 ** 3, 2)} GiB upload`,
      target: `< ${mb(TARGET_BIG_RSS_BYTES)}`,
      value: mb(big.workerPeakRssBytes),
      pass: big.workerPeakRssBytes !== null && big.workerPeakRssBytes < TARGET_BIG_RSS_BYTES,
    });
  }
  return list;
}

export function formatReport(input: {
  e2e: ScenarioResult;
  /** The same corpus through an ingest-only worker (DETECTION=off), when measured. */
  baseline: ScenarioResult | null;
  big: ScenarioResult | null;
  floor: FloorResult;
  targets: Target[];
  benchPeakRssBytes: number | null;
}): string {
  const { e2e, baseline, big, floor } = input;
  const scenarioRow = (label: string, r: ScenarioResult) => [
    label,
    int(r.events),
    int(r.uploads),
    fixed(r.wallSeconds),
    int(r.eventsPerSecond),
    fixed(r.uncompressedMBps),
    fixed(r.compressedMBps),
    mb(r.workerPeakRssBytes),
  ];
  const rows = [
    ["measurement", "events", "uploads", "wall s", "events/s", "MB/s JSON", "MB/s gz", "worker peak RSS"],
    scenarioRow("end-to-end, many S3 files (detection on)", e2e),
    ...(baseline
      ? [
          scenarioRow("same files, ingest only (DETECTION=off)", baseline),
          [
            "ratio detection on / off",
            "",
            "",
            "",
            fixed(e2e.eventsPerSecond / baseline.eventsPerSecond, 2),
            "",
            "",
            "",
          ],
        ]
      : []),
    [
      "parse-only floor (gunzip+JSON.parse, 1 core)",
      int(floor.events),
      "-",
      fixed(floor.seconds),
      int(floor.eventsPerSecond),
      fixed(floor.uncompressedMBps),
      "-",
      "-",
    ],
    ["ratio end-to-end / floor", "", "", "", fixed(e2e.eventsPerSecond / floor.eventsPerSecond, 2), "", "", ""],
  ];
  if (big) rows.push(scenarioRow("end-to-end, one large upload", big));
  const out = [formatTable(rows), ""];
  const busiest = Math.max(...[e2e, big].map((r) => (r ? (r.cpuSeconds.otherProcesses ?? 0) / r.wallSeconds : 0)));
  if (busiest > 0.25) {
    out.push(
      `WARNING: other processes used up to ${fixed(busiest * 100, 0)}% of a core during the measurement; rerun on a quiet machine.`,
      "",
    );
  }
  for (const r of [e2e, big]) {
    if (r?.detection) {
      out.push(
        `${r.name}: detection matched ${int(r.detection.matches)} events (the planted count, checked) into ${int(r.detection.signals)} live signals, ${int(r.detection.highSignals)} of them high`,
      );
    }
  }
  for (const r of [e2e, baseline, big]) {
    if (!r) continue;
    out.push(
      `${r.name}: stored ${int(r.stored)} rows (verified with SELECT count(*) FROM events); accepting took ${fixed(r.acceptSeconds)} s; ` +
        `database span ${r.dbSpanSeconds === null ? "n/a" : fixed(r.dbSpanSeconds)} s; worker RSS sampled max ${mb(r.workerSampledMaxRssBytes)} ` +
        `at ${r.workerSampledPeakAtSeconds === null ? "n/a" : fixed(r.workerSampledPeakAtSeconds)} s; on disk: events ${mb(r.storage.eventsBytes)}, ` +
        `raw_chunks ${mb(r.storage.rawChunksBytes)}, database ${mb(r.storage.databaseBytes)}`,
    );
    const share = (seconds: number | null) =>
      seconds === null ? "n/a" : `${fixed(seconds)} s (${fixed((100 * seconds) / r.wallSeconds, 0)}% of one core)`;
    out.push(
      `${r.name}: CPU over the ${fixed(r.wallSeconds)} s: worker ${share(r.cpuSeconds.worker)}, ` +
        `PostgreSQL ${share(r.cpuSeconds.postgres)}, bench (accepting, polling) ${share(r.cpuSeconds.bench)}, ` +
        `other processes on the machine ${share(r.cpuSeconds.otherProcesses)}`,
    );
    if (r.idleBetweenUploadsSeconds !== null) {
      out.push(
        `${r.name}: no upload in progress for ${fixed(r.idleBetweenUploadsSeconds, 2)} s of the span (queue hand-over between jobs)`,
      );
    }
  }
  out.push(`bench process peak RSS: ${mb(input.benchPeakRssBytes)} (corpus generation and the floor included)`, "");
  for (const t of input.targets) {
    out.push(`${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value} (target ${t.target})${t.note ? ` [${t.note}]` : ""}`);
  }
  const missed = input.targets.filter((t) => !t.pass);
  if (missed.length > 0) {
    const banner = "!".repeat(78);
    out.push("", banner, `!!! MISSED ${missed.length} TARGET(S):`);
    for (const t of missed) out.push(`!!!   ${t.name}: ${t.value}, target ${t.target}`);
    out.push(banner);
  }
  return out.join("\n");
}
