import { createReadStream, openAsBlob } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { onCleanup } from "@/bench/cleanup";
import type { Corpus } from "@/bench/corpus";
import { cpuSeconds, machineBusySeconds, treeCpuSeconds } from "@/bench/cpu";
import type { BenchServer } from "@/bench/database";
import { peakRss, sampleRss } from "@/bench/memory";
import { verifyStored } from "@/bench/verify";
import { startWorkerProcess } from "@/bench/worker-process";
import { BUNDLE_MAX_BYTES } from "@/components/uploads/send-batches";
import { systemActor } from "@/lib/auth/audit";
import { createPrismaClient } from "@/lib/db/client";
import { acceptUpload } from "@/lib/ingest/accept";
import { splitBundles } from "@/lib/ingest/bundle-plan";
import { uploadSources } from "@/lib/ingest/folder";
import { ingestLimits } from "@/lib/ingest/limits";
import { type ReceiveContext, receiveRequest } from "@/lib/ingest/receive";
import { startQueue } from "@/lib/jobs/queue";

// One end-to-end measurement: a fresh migrated database, the app's worker process, every file taken
// in through acceptUpload as the API does (sequentially, as one client uploading a folder), timed from
// just before the first upload is accepted until every upload is done, so all its rows are committed.

export interface ScenarioResult {
  name: string;
  uploads: number;
  events: number;
  compressedBytes: number;
  uncompressedBytes: number;
  acceptSeconds: number;
  wallSeconds: number;
  /** Same span measured by the database (first created_at to last finished_at), as a cross-check. */
  dbSpanSeconds: number | null;
  eventsPerSecond: number;
  uncompressedMBps: number;
  compressedMBps: number;
  stored: number;
  problems: string[];
  workerPeakRssBytes: number | null;
  workerSampledMaxRssBytes: number | null;
  workerSampledPeakAtSeconds: number | null;
  benchSampledMaxRssBytes: number | null;
  storage: { eventsBytes: number; rawChunksBytes: number; databaseBytes: number };
  /** CPU seconds used over the measured span; null where not measurable (no /proc, external server). */
  cpuSeconds: { worker: number | null; postgres: number | null; bench: number; otherProcesses: number | null };
  /** Sum over uploads of started_at → finished_at, and the time no upload was being processed. */
  processingSeconds: number | null;
  idleBetweenUploadsSeconds: number | null;
  /** With detection on: rule matches and live signals at the end (matches must equal the planted count). */
  detection: { matches: number; signals: number; highSignals: number } | null;
}

const MB = 1e6;
const minus = (after: number | null, before: number | null) =>
  after === null || before === null ? null : after - before;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runScenario(options: {
  name: string;
  corpus: Corpus;
  server: BenchServer;
  repoRoot: string;
  runDir: string;
  cpuProfileDir?: string;
  /** false: the worker only ingests (the baseline for detection's cost). */
  detection?: boolean;
  /**
   * How the files are sent: each its own upload (default; as the API takes files one by one), the corpus
   * folder as the CLI sends it (one upload holding the folder), or as the browser sends a dropped folder
   * (one multipart request with ?bundle=, through the API's own request handling).
   */
  send?: "files" | "folder-cli" | "folder-api";
  log: (message: string) => void;
}): Promise<ScenarioResult> {
  const { corpus, log } = options;
  const database = await options.server.createDatabase(options.name);
  const dataDir = path.join(options.runDir, `data-${options.name}`);
  await mkdir(dataDir, { recursive: true });
  const monitor = new pg.Pool({ connectionString: database.url, max: 2 });
  monitor.on("error", () => {});
  const db = createPrismaClient(database.url);
  // An embedded cluster is removed whole on interrupt; a scratch database on DATABASE_URL must be dropped.
  const undrop =
    options.server.kind === "external" ? onCleanup(() => database.drop(), "dropping the scratch database") : () => {};
  const worker = await startWorkerProcess({
    repoRoot: options.repoRoot,
    url: database.url,
    dataDir,
    cpuProfileDir: options.cpuProfileDir,
    detection: options.detection,
  });
  const queue = await startQueue(database.url, { worker: false });
  const workerRss = sampleRss(worker.pid);
  const benchRss = sampleRss("self");
  let ticker: NodeJS.Timeout | undefined;
  try {
    const limits = ingestLimits();
    const progress = { parsed: 0, at: performance.now() };
    ticker = setInterval(() => {
      monitor
        .query<{ parsed: string; done: number }>(
          "SELECT coalesce(sum(events_parsed), 0)::text AS parsed, count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS done FROM uploads",
        )
        .then(({ rows }) => {
          const parsed = Number(rows[0]?.parsed ?? 0);
          const now = performance.now();
          const rate = ((parsed - progress.parsed) * 1000) / (now - progress.at);
          Object.assign(progress, { parsed, at: now });
          log(
            `  ${options.name}: ${parsed.toLocaleString("en")} / ${corpus.events.toLocaleString("en")} events committed, ${rows[0]?.done}/${(options.send ?? "files") === "files" ? corpus.files.length : "?"} uploads done, ${Math.round(rate).toLocaleString("en")} events/s now`,
          );
        })
        .catch(() => {});
    }, 5000);

    const pgPid = options.server.postgresPid();
    const cpuBefore = {
      worker: cpuSeconds(worker.pid),
      postgres: pgPid ? treeCpuSeconds(pgPid) : null,
      bench: process.cpuUsage(),
      machine: machineBusySeconds(),
    };
    const context = {
      db,
      queue,
      dataDir,
      maxUploadBytes: limits.maxUploadBytes,
      origin: "api" as const,
      actor: systemActor("bench"),
    };
    const started = performance.now();
    const uploads = await sendCorpus(corpus, options.send ?? "files", context);
    const acceptSeconds = (performance.now() - started) / 1000;
    await Promise.race([waitForUploads(monitor, uploads), worker.failed]);
    // Until the investigation views' summaries have counted every stored batch too (a second or so behind).
    await Promise.race([waitForSummaries(monitor), worker.failed]);
    const wallSeconds = (performance.now() - started) / 1000;
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const cpu = {
      worker: minus(cpuSeconds(worker.pid), cpuBefore.worker),
      postgres: minus(pgPid ? treeCpuSeconds(pgPid) : null, cpuBefore.postgres),
      bench: (benchCpu.user + benchCpu.system) / 1e6,
      otherProcesses: null as number | null,
    };
    const machine = minus(machineBusySeconds(), cpuBefore.machine);
    if (machine !== null && cpu.worker !== null && cpu.postgres !== null) {
      cpu.otherProcesses = Math.max(0, machine - cpu.worker - cpu.postgres - cpu.bench);
    }
    clearInterval(ticker);
    const workerPeakRssBytes = peakRss(worker.pid);
    const sampled = workerRss.stop();
    const benchSampled = benchRss.stop();

    const check = await verifyStored(monitor, corpus.events);
    let detection: ScenarioResult["detection"] = null;
    if (options.detection !== false) {
      const { rows } = await monitor.query<{ matches: number; signals: number; high: number }>(
        `SELECT (SELECT count(*)::int FROM rule_matches) AS matches,
                (SELECT count(*)::int FROM signals WHERE merged_into_id IS NULL AND retired_at IS NULL) AS signals,
                (SELECT count(*)::int FROM signals WHERE merged_into_id IS NULL AND retired_at IS NULL AND severity = 'high') AS high`,
      );
      const row = rows[0] ?? { matches: 0, signals: 0, high: 0 };
      detection = { matches: row.matches, signals: row.signals, highSignals: row.high };
      if (row.matches !== corpus.plantedMatches) {
        check.problems.push(`detection matched ${row.matches} events; ${corpus.plantedMatches} attacks were planted`);
      }
    }
    return {
      name: options.name,
      uploads,
      events: corpus.events,
      compressedBytes: corpus.bytes,
      uncompressedBytes: corpus.uncompressedBytes,
      acceptSeconds,
      wallSeconds,
      dbSpanSeconds: check.dbSpanSeconds,
      eventsPerSecond: check.stored / wallSeconds,
      uncompressedMBps: corpus.uncompressedBytes / MB / wallSeconds,
      compressedMBps: corpus.bytes / MB / wallSeconds,
      stored: check.stored,
      problems: check.problems,
      workerPeakRssBytes,
      workerSampledMaxRssBytes: sampled.maxBytes,
      workerSampledPeakAtSeconds: sampled.atSeconds,
      benchSampledMaxRssBytes: benchSampled.maxBytes,
      storage: check.storage,
      cpuSeconds: cpu,
      processingSeconds: check.processingSeconds,
      idleBetweenUploadsSeconds: check.idleSeconds,
      detection,
    };
  } finally {
    clearInterval(ticker);
    workerRss.stop();
    benchRss.stop();
    await worker.stop();
    await queue.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
    await db.$disconnect();
    await monitor.end();
    undrop();
    await database.drop();
  }
}

/** Sends the corpus the chosen way; returns how many uploads it made. */
async function sendCorpus(corpus: Corpus, send: "files" | "folder-cli" | "folder-api", context: ReceiveContext) {
  if (send === "folder-cli") {
    const sources = await uploadSources([path.join(corpus.dir, "AWSLogs")], context.maxUploadBytes);
    for (const source of sources) await acceptUpload(source.read(), { ...context, filename: source.name });
    return sources.length;
  }
  if (send === "folder-api") {
    // As components/uploads/upload-sender.ts cuts a dropped folder: requests of at most BUNDLE_MAX_BYTES.
    const groups = splitBundles(
      corpus.files.map((file) => ({ ...file, size: file.bytes })),
      BUNDLE_MAX_BYTES,
    );
    for (const group of groups) {
      const form = new FormData();
      for (const file of group) form.append("file", await openAsBlob(path.join(corpus.dir, file.path)), file.path);
      const request = new Request("http://bench.invalid/api/v1/uploads?bundle=corpus", { method: "POST", body: form });
      await receiveRequest(request, context, { bundle: "corpus" });
    }
    return groups.length;
  }
  for (const file of corpus.files) {
    await acceptUpload(createReadStream(path.join(corpus.dir, file.path)), {
      ...context,
      filename: path.basename(file.path),
      contentType: file.path.endsWith(".gz") ? "application/gzip" : "application/json",
    });
  }
  return corpus.files.length;
}

async function waitForSummaries(monitor: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await monitor.query<{ n: number }>("SELECT count(*)::int AS n FROM entity_summary_queue");
    if ((rows[0]?.n ?? 0) === 0) return;
    await sleep(100);
  }
}

async function waitForUploads(monitor: pg.Pool, uploads: number): Promise<void> {
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const { rows } = await monitor.query<{ total: number; finished: number; parsed: string }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS finished,
              coalesce(sum(events_parsed), 0)::text AS parsed FROM uploads`,
    );
    const row = rows[0];
    if (row && row.total === uploads && row.finished === uploads) return;
    const parsed = Number(row?.parsed ?? 0);
    if (parsed !== last) {
      last = parsed;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 300_000) {
      throw new Error(`no progress for 5 minutes (${parsed} events committed, ${row?.finished}/${uploads} uploads)`);
    }
    await sleep(100);
  }
}
