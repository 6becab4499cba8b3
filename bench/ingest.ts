import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { installSignalCleanup, onCleanup, runCleanups, state } from "@/bench/cleanup";
import { type Corpus, ensureBigFile, ensureCorpus } from "@/bench/corpus";
import { startBenchServer } from "@/bench/database";
import { parseFloor } from "@/bench/floor";
import { timeJq } from "@/bench/jq";
import { peakRss } from "@/bench/memory";
import { type BenchOptions, parseOptions, USAGE } from "@/bench/options";
import { corpusLine, formatReport, formatTable, TARGET_EVENTS_PER_SECOND, targets } from "@/bench/report";
import { runScenario, type ScenarioResult } from "@/bench/scenario";

// `npm run bench:ingest`: ingest throughput and memory, end to end (issue 4). A benchmark, not a test: it
// reports misses loudly but exits 0; it exits 1 only when the numbers cannot be trusted (rows missing).

const benchDir = import.meta.dirname;
const repoRoot = path.resolve(benchDir, "..");
const outputDir = path.join(repoRoot, ".data", "bench");
const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");
const log = (message: string) => console.error(message);

async function main(): Promise<number> {
  installSignalCleanup();
  const options = parseOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  await mkdir(outputDir, { recursive: true });
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "?",
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`TrailTriage ingest benchmark, ${startedAt.toISOString()}`);
  console.log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`);

  const corpus = await ensureCorpus({
    outputDir,
    sharedDataDir,
    seed: options.seed,
    events: options.events,
    filesOf: options.filesOf,
    log,
  });
  console.log(corpusLine("Corpus", corpus));
  console.log(`  resampled from ${corpus.base.description}`);
  if (corpus.base.source === "synthetic") {
    console.log(`  NOTE: ${sharedDataDir} is missing, so the corpus comes from a small synthetic template`);
  }
  if (options.filesOf) return smallFiles(options, corpus, { startedAt, stamp, machine });
  const bigCorpus = options.big
    ? await ensureBigFile({ outputDir, sharedDataDir, seed: options.seed, megabytes: options.bigMb, log })
    : null;
  if (bigCorpus) console.log(corpusLine("Large upload", bigCorpus));

  log("Parse-only floor (gunzip + JSON.parse, one core)…");
  const floor = await parseFloor(corpus);

  const runDir = path.join(outputDir, `pg-${stamp}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  console.log(`PostgreSQL ${server.version}, ${server.kind} (${server.shownUrl})`);

  const cpuProfileDir = options.cpuProf ? path.join(outputDir, `profile-${stamp}`) : undefined;
  const common = { server, repoRoot, runDir, log, cpuProfileDir };
  if (options.baseline) {
    // The first run on a fresh cluster is slower (PostgreSQL creates its WAL segments rather than
    // recycling them): measured either way round, detection on against off moved by ±10%. A run that is
    // not reported puts both measured runs on the same footing.
    log(`Warm-up, not reported: ${corpus.files.length} uploads…`);
    await runScenario({ ...common, name: "warm-up", corpus, detection: false });
  }
  log(`End-to-end: ${corpus.files.length} uploads…`);
  const e2e = await runScenario({ ...common, name: "files", corpus });
  let baseline: Awaited<ReturnType<typeof runScenario>> | null = null;
  if (options.baseline) {
    log(`End-to-end without detection (the baseline): ${corpus.files.length} uploads…`);
    baseline = await runScenario({ ...common, name: "files-no-detection", corpus, detection: false });
  }
  let big: Awaited<ReturnType<typeof runScenario>> | null = null;
  if (bigCorpus) {
    log("End-to-end: one large upload…");
    big = await runScenario({ ...common, name: "big", corpus: bigCorpus });
  }
  await runCleanups();

  const benchPeakRssBytes = peakRss("self");
  const checks = targets(e2e, big, options.events >= 1_000_000);
  console.log("");
  console.log(formatReport({ e2e, baseline, big, floor, targets: checks, benchPeakRssBytes }));

  const problems = [...e2e.problems, ...(baseline?.problems ?? []), ...(big?.problems ?? [])];
  const resultsFile = path.join(outputDir, `results-${stamp}.json`);
  const { files: _files, ...corpusSummary } = corpus;
  const bigSummary = bigCorpus ? { ...bigCorpus, files: undefined, file: bigCorpus.files[0]?.path } : null;
  const results = {
    startedAt: startedAt.toISOString(),
    machine,
    options,
    database: { kind: server.kind, version: server.version },
    corpus: { ...corpusSummary, files: corpus.files.length },
    bigCorpus: bigSummary,
    scenarios: { endToEnd: e2e, withoutDetection: baseline, bigUpload: big },
    ratioDetectionOnToOff: baseline ? e2e.eventsPerSecond / baseline.eventsPerSecond : null,
    parseFloor: floor,
    ratioEndToEndToFloor: e2e.eventsPerSecond / floor.eventsPerSecond,
    benchPeakRssBytes,
    targets: checks,
    problems,
  };
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), resultsFile)}`);
  if (cpuProfileDir) console.log(`Worker CPU profiles: ${path.relative(process.cwd(), cpuProfileDir)}`);
  if (problems.length > 0) {
    console.error(`\nBENCHMARK INVALID: the stored rows do not match the corpus:\n  ${problems.join("\n  ")}`);
    return 1;
  }
  return 0;
}

/**
 * `--files-of N`: the shape real exports have (thousands of small files), sent as users send a folder: by
 * the CLI and by the browser, each one upload holding the folder; with --per-file, also a file per upload
 * as before. Each against jq reading the same files in the same run.
 */
async function smallFiles(
  options: BenchOptions,
  corpus: Corpus,
  run: { startedAt: Date; stamp: string; machine: Record<string, unknown> },
): Promise<number> {
  log("jq over the same files (zcat | jq, selecting the rule's matches)…");
  const jq = await timeJq(corpus);
  const runDir = path.join(outputDir, `pg-${run.stamp}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  console.log(`PostgreSQL ${server.version}, ${server.kind} (${server.shownUrl})`);
  const cpuProfileDir = options.cpuProf ? path.join(outputDir, `profile-${run.stamp}`) : undefined;
  const common = { server, repoRoot, runDir, log, cpuProfileDir, corpus };
  if (options.baseline) {
    log(`Warm-up, not reported: the folder as the CLI sends it, detection off…`);
    await runScenario({ ...common, name: "warm-up", detection: false, send: "folder-cli" });
  }
  const results: { label: string; result: ScenarioResult }[] = [];
  const measure = async (label: string, name: string, send: "files" | "folder-cli" | "folder-api") => {
    log(`End-to-end: ${label}…`);
    results.push({ label, result: await runScenario({ ...common, name, send }) });
  };
  await measure("trailtriage ingest DIR (one upload holding the folder)", "folder-cli", "folder-cli");
  await measure("POST /api/v1/uploads?bundle= (as the browser sends a folder)", "folder-api", "folder-api");
  if (options.perFile) await measure("a file per upload (before issue 14)", "per-file", "files");
  await runCleanups();

  const int = (n: number) => Math.round(n).toLocaleString("en");
  const versusJq = (eventsPerSecond: number) => (jq ? `${(eventsPerSecond / jq.eventsPerSecond).toFixed(2)}×` : "n/a");
  const rows = [
    ["measurement", "events", "files", "uploads", "wall s", "events/s", "vs jq", "worker peak RSS"],
    ...results.map(({ label, result }) => [
      label,
      int(result.events),
      int(corpus.files.length),
      int(result.uploads),
      result.wallSeconds.toFixed(1),
      int(result.eventsPerSecond),
      versusJq(result.eventsPerSecond),
      result.workerPeakRssBytes === null ? "n/a" : `${Math.round(result.workerPeakRssBytes / 1024 ** 2)} MiB`,
    ]),
    ...(jq
      ? [
          [
            "zcat | jq selecting the rule's matches",
            int(corpus.events),
            int(corpus.files.length),
            "",
            jq.seconds.toFixed(1),
            int(jq.eventsPerSecond),
            "1.00×",
            "",
          ],
        ]
      : []),
  ];
  console.log("");
  console.log(formatTable(rows));
  const cli = results[0]?.result;
  const api = results[1]?.result;
  const checks = [
    cli && {
      name: "CLI folder events/s",
      target: `>= ${int(TARGET_EVENTS_PER_SECOND)}`,
      value: int(cli.eventsPerSecond),
      pass: cli.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
    },
    cli &&
      jq && {
        name: "CLI folder vs jq",
        target: ">= 1.00×",
        value: versusJq(cli.eventsPerSecond),
        pass: cli.eventsPerSecond >= jq.eventsPerSecond,
      },
    api && {
      name: "API folder events/s",
      target: `>= ${int(TARGET_EVENTS_PER_SECOND)}`,
      value: int(api.eventsPerSecond),
      pass: api.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
    },
  ].filter((check) => !!check);
  console.log("");
  for (const check of checks)
    console.log(`${check.pass ? "PASS" : "MISS"}  ${check.name}: ${check.value} (target ${check.target})`);
  if (!jq) console.log("jq is not installed: no comparison");
  else if (jq.matches !== corpus.plantedMatches)
    console.log(`note: jq selected ${jq.matches} events; ${corpus.plantedMatches} attacks were planted`);

  const problems = results.flatMap(({ result }) => result.problems);
  const resultsFile = path.join(outputDir, `results-${run.stamp}.json`);
  const { files: _files, ...corpusSummary } = corpus;
  await writeFile(
    resultsFile,
    `${JSON.stringify({ startedAt: run.startedAt.toISOString(), machine: run.machine, options, corpus: { ...corpusSummary, files: corpus.files.length }, jq, scenarios: results, targets: checks, problems }, null, 2)}\n`,
  );
  console.log(`\nResults: ${path.relative(process.cwd(), resultsFile)}`);
  if (problems.length > 0) {
    console.error(`\nBENCHMARK INVALID: the stored rows do not match the corpus:\n  ${problems.join("\n  ")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (!state.interrupted) console.error(`bench: ${error.stack ?? error.message}`);
    runCleanups().finally(() => process.exit(state.interrupted ? 130 : 1));
  },
);
