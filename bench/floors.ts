import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { installSignalCleanup, onCleanup, runBench } from "@/bench/cleanup";
import { ensureCorpus } from "@/bench/corpus";
import { treeCpuSeconds } from "@/bench/cpu";
import { startBenchServer } from "@/bench/database";
import { parseFloor } from "@/bench/floor";
import { parseOptions } from "@/bench/options";
import { normalizeEvent } from "@/lib/cloudtrail/normalize";
import { COLUMNS, copyLine } from "@/lib/ingest/copy-events";

// `npm run bench:floors`: what ingest cannot go below on this machine, whatever the code around it does.
// Two floors, each measured alone with nothing else running:
//   - parsing: gunzip + JSON.parse of every file, one core (bench/floor.ts);
//   - storing: COPY of the already-normalised rows into the events table, one batch per file in its own
//     transaction (as the worker commits them), with the table's indexes and without its secondary ones.
// Their CPU per event, added, against the CPU a target rate leaves per event on this machine's cores, says
// whether the target can be met by any ingest that parses the files and stores every event with the indexes
// the investigation views read. Same flags as bench:ingest (--events, --seed).

const TARGET_EVENTS_PER_SECOND = 40_000;
const SECONDARY_INDEXES = [
  "events_event_time_idx",
  "events_principal_arn_event_time_idx",
  "events_source_ip_event_time_idx",
  "events_access_key_id_event_time_idx",
  "events_event_name_event_time_idx",
  "events_upload_id_idx",
];
const UPLOAD_ID = "00000000-0000-4000-8000-000000000001";
const log = (message: string) => console.error(message);
const micro = (seconds: number, events: number) => `${((seconds / events) * 1e6).toFixed(1)} µs`;

async function copyBatches(url: string, batches: string[][], postgresPid: () => number | null) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const pid = postgresPid();
    const cpuBefore = pid ? treeCpuSeconds(pid) : null;
    const started = performance.now();
    for (const lines of batches) {
      await client.query("BEGIN");
      await client.query("SET LOCAL synchronous_commit = off");
      await pipeline(
        Readable.from([`${lines.join("\n")}\n`]),
        client.query(copyFrom(`COPY events (${COLUMNS.join(", ")}) FROM STDIN`)),
      );
      await client.query("COMMIT");
    }
    const wall = (performance.now() - started) / 1000;
    const cpuAfter = pid ? treeCpuSeconds(pid) : null;
    const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM events");
    return {
      wall,
      cpu: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      rows: Number(rows[0]?.n),
    };
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  installSignalCleanup();
  const options = parseOptions(process.argv.slice(2));
  if (options === "help") {
    console.log("npm run bench:floors -- [--events N] [--seed N]");
    return 0;
  }
  const repoRoot = path.resolve(import.meta.dirname, "..");
  const outputDir = path.join(repoRoot, ".data", "bench");
  const corpus = await ensureCorpus({
    outputDir,
    sharedDataDir: path.resolve(repoRoot, "..", "shared", "data"),
    seed: options.seed,
    events: options.events,
    filesOf: options.filesOf,
    log,
  });
  const cores = os.cpus().length;
  console.log(`TrailTriage ingest floors, ${new Date().toISOString()}: ${cores} cores, ${corpus.events} events`);

  log("Parse floor (gunzip + JSON.parse, one core)…");
  const parse = await parseFloor(corpus);

  log("Normalising the rows to COPY (not timed)…");
  const batches: string[][] = [];
  let index = 0;
  for (const file of corpus.files) {
    const document = JSON.parse(gunzipSync(await readFile(path.join(corpus.dir, file.path))).toString("utf8")) as {
      Records: unknown[];
    };
    const lines: string[] = [];
    for (const record of document.Records) {
      const result = normalizeEvent(record);
      if (result.ok) lines.push(copyLine(result.event, UPLOAD_ID, "1", index++));
    }
    batches.push(lines);
  }

  const runDir = path.join(outputDir, `floors-${Date.now()}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  const results: { name: string; wall: number; cpu: number | null }[] = [];
  for (const variant of ["all", "primary+unique"] as const) {
    const database = await server.createDatabase(variant === "all" ? "floor_all" : "floor_unique");
    const forget = onCleanup(() => database.drop(), `dropping ${database.name}`);
    if (variant !== "all") {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      for (const name of SECONDARY_INDEXES) await client.query(`DROP INDEX ${name}`);
      await client.end();
    }
    log(`COPY into events (${variant === "all" ? "every index" : "primary key and event_key only"})…`);
    const run = await copyBatches(database.url, batches, () => server.postgresPid());
    if (run.rows !== index) throw new Error(`stored ${run.rows} rows, expected ${index}`);
    results.push({ name: variant, ...run });
    await database.drop();
    forget();
  }

  const budget = cores / TARGET_EVENTS_PER_SECOND;
  const parseCpu = parse.seconds;
  const storeCpu = results[0]?.cpu ?? results[0]?.wall ?? 0;
  const events = corpus.events;
  console.log("");
  console.log(
    `parse (gunzip + JSON.parse)          ${micro(parseCpu, events)} per event  (${Math.round(parse.eventsPerSecond)} events/s on one core)`,
  );
  for (const result of results) {
    const cpu = result.cpu === null ? "n/a (external server)" : `${micro(result.cpu, events)} of PostgreSQL CPU`;
    console.log(
      `COPY, ${result.name === "all" ? "every events index      " : "primary key + event_key "}  ${micro(result.wall, events)} wall per event, ${cpu}`,
    );
  }
  console.log(
    `CPU per event that ${TARGET_EVENTS_PER_SECOND.toLocaleString("en-US")} events/s leaves on ${cores} cores: ${micro(budget, 1)}`,
  );
  const floor = parseCpu / events + storeCpu / events;
  console.log(
    `parse + store floor: ${micro(floor, 1)}, ${Math.round((floor / budget) * 100)}% of that budget, before normalising, ` +
      "the raw chunks, detection, the entity summaries and the client's own COPY encoding",
  );
  return 0;
}

runBench(main);
