import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { installSignalCleanup, onCleanup, runCleanups, state } from "@/bench/cleanup";
import { startBenchServer } from "@/bench/database";
import { ingestCorpus } from "@/bench/ingest-corpus";
import { ensureSkewedCorpus } from "@/bench/skew-corpus";
import { createPrismaClient } from "@/lib/db/client";

// `npm run bench:queries`: how fast the investigation views answer (issue 7's target: p95 ≤ 200 ms per call
// at 5M events). For each size (default 1M and 5M events; `--events 10000000` for the 10M figure) it
// ingests a skewed corpus (bench/skew-corpus.ts) through the app's own worker, then times every call a
// view makes, as its route handler makes it: the principal, IP and key views, their timelines and the
// page's events table, for the heaviest entity of each kind and a typical one, over the whole history and
// over one day; plus search and the most-denied lists. The counts it reports are checked against a count
// over the events table. A benchmark, not a test: misses are reported, and it exits 1 only when a count
// is wrong.

const TARGET_P95_MS = 200;
const argv = process.argv.slice(2);
const argValue = (name: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const sizes = (argValue("--events") ?? "1000000,5000000").split(",").map(Number);
const seed = Number(argValue("--seed") ?? 7);
const runs = Number(argValue("--runs") ?? 20);
const skipVacuum = argv.includes("--no-vacuum");

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function time(
  run: () => Promise<unknown>,
  /** Untimed, before each run. */
  before?: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; max: number }> {
  await before?.();
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1] ?? 0 };
}

function printTable(rows: Row[]) {
  console.log(`\n| events | call | entity | range | p50 | p95 | target |`);
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const verdict = row.size <= 5_000_000 ? (row.p95 <= TARGET_P95_MS ? "PASS" : "MISS") : "(report)";
    console.log(
      `| ${row.size.toLocaleString("en")} | ${row.call} | ${row.entity} | ${row.range} | ${row.p50.toFixed(1)} ms | ${row.p95.toFixed(1)} ms | ${verdict} |`,
    );
  }
}

interface Row {
  size: number;
  call: string;
  entity: string;
  range: string;
  p50: number;
  p95: number;
  max: number;
}

async function main(): Promise<number> {
  installSignalCleanup();
  const repoRoot = path.resolve(import.meta.dirname, "..");
  const outputDir = path.join(repoRoot, ".data", "bench");
  const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");
  const log = (message: string) => console.error(message);
  await mkdir(outputDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const runDir = path.join(outputDir, `queries-${stamp}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  const cpus = os.cpus();
  console.log(`TrailTriage investigation benchmark, ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(
    `PostgreSQL ${server.version}, ${server.kind}; sizes ${sizes.map((n) => n.toLocaleString("en")).join(", ")}`,
  );

  const rows: Row[] = [];
  const problems: string[] = [];
  const ingests: { size: number; eventsPerSecond: number; seconds: number }[] = [];
  for (const size of sizes) {
    const corpus = await ensureSkewedCorpus({ outputDir, sharedDataDir, seed, events: size, log });
    console.log(
      `\nCorpus: ${size.toLocaleString("en")} events in ${corpus.files.length} files (${corpus.cached ? "cached" : "generated"}), ${corpus.plantedMatches} planted attacks`,
    );
    const scratch = await server.createDatabase(`q${size}`);
    const undrop = onCleanup(() => scratch.drop(), "dropping the scratch database");
    const ingest = await ingestCorpus({ corpus, url: scratch.url, repoRoot, runDir, label: `q${size}`, log });
    ingests.push({ size, eventsPerSecond: ingest.eventsPerSecond, seconds: ingest.seconds });
    console.log(
      `Ingested in ${ingest.seconds.toFixed(0)} s (${Math.round(ingest.eventsPerSecond).toLocaleString("en")} events/s, summaries and detection included)`,
    );
    const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
    if (!skipVacuum) {
      // A steady installation has been vacuumed by autovacuum; a freshly loaded one has not.
      const vacuumed = performance.now();
      await pool.query("VACUUM ANALYZE");
      console.log(`VACUUM ANALYZE: ${((performance.now() - vacuumed) / 1000).toFixed(0)} s`);
    }

    // The server functions use the process-wide client: point it at this database.
    const db = createPrismaClient(scratch.url);
    (globalThis as { trailtriagePrisma?: unknown }).trailtriagePrisma = db;
    const views = await import("@/lib/server/entities/views");
    const { listEvents } = await import("@/lib/server/events");
    const { searchEntities } = await import("@/lib/server/entities/search");
    const { getTopEntities } = await import("@/lib/server/entities/top");
    const { windowOf } = await import("@/lib/entities/time-range");

    const pickEntities = async (kind: string) => {
      const heaviest = await pool.query<{ value: string; n: string; last: Date }>(
        "SELECT value, event_count::text AS n, last_seen AS last FROM entities WHERE kind = $1 ORDER BY event_count DESC LIMIT 1",
        [kind],
      );
      // Typical: the median entity of its kind by event count.
      const typical = await pool.query<{ value: string; n: string; last: Date }>(
        `SELECT value, event_count::text AS n, last_seen AS last FROM entities WHERE kind = $1
          ORDER BY event_count OFFSET (SELECT count(*) / 2 FROM entities WHERE kind = $1) LIMIT 1`,
        [kind],
      );
      return [
        { label: "heaviest", ...(heaviest.rows[0] as { value: string; n: string; last: Date }) },
        { label: "typical", ...(typical.rows[0] as { value: string; n: string; last: Date }) },
      ];
    };
    const column = { principal: "principal_arn", ip: "source_ip", access_key: "access_key_id" } as const;
    for (const kind of ["principal", "ip", "access_key"] as const) {
      for (const entity of await pickEntities(kind)) {
        // An independent count: the view's total must equal the events table's.
        const { rows: truth } = await pool.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM events WHERE ${column[kind]} = $1`,
          [entity.value],
        );
        const get = kind === "principal" ? views.getPrincipalView : kind === "ip" ? views.getIpView : views.getKeyView;
        const whole = await get(entity.value, null);
        if (String(whole?.eventCount) !== truth[0]?.n) {
          problems.push(
            `${kind} ${entity.value}: the view counts ${whole?.eventCount}, the events table ${truth[0]?.n}`,
          );
        }
        // One day, not on the hour: part-hours at both ends.
        const dayEnd = new Date(entity.last.getTime() - 37 * 60_000 - 13_000);
        const day = windowOf(new Date(dayEnd.getTime() - 86_400_000), dayEnd);
        const label = `${kind} (${entity.label}, ${Number(entity.n).toLocaleString("en")} events)`;
        const filterKey = kind === "principal" ? "principal" : kind === "ip" ? "ip" : "accessKeyId";
        const viewKind = kind === "access_key" ? "access_key" : kind;
        for (const [range, window] of [
          ["whole history", null],
          ["one day", day],
        ] as const) {
          const view = await time(() => get(entity.value, window));
          rows.push({
            size,
            call: `GET /${kind === "access_key" ? "keys" : `${kind}s`}/{…}`,
            entity: label,
            range,
            ...view,
          });
          if (!window && Number(entity.n) >= 5000) {
            // The first view after new events were counted: the stored whole-history tables are stale
            // (lib/entities/facet-tops.ts) and are computed again.
            const cold = await time(
              () => get(entity.value, null),
              () =>
                pool.query(
                  "DELETE FROM entity_facet_tops WHERE entity_id = (SELECT id FROM entities WHERE kind = $1 AND value = $2)",
                  [kind, entity.value],
                ),
            );
            rows.push({
              size,
              call: `GET /${kind === "access_key" ? "keys" : `${kind}s`}/{…}`,
              entity: label,
              range: "whole history, first view after new events",
              ...cold,
            });
          }
          const timeline = await time(() => views.getEntityTimeline(viewKind, entity.value, window));
          rows.push({ size, call: "  …/timeline", entity: label, range, ...timeline });
          const events = await time(() =>
            listEvents({
              filters: {
                [filterKey]: entity.value,
                from: window?.start,
                to: window ? new Date(window.end.getTime() - 1) : undefined,
              },
              page: { page: 1, pageSize: 50 },
            }),
          );
          rows.push({ size, call: "  events table, page 1", entity: label, range, ...events });
        }
      }
    }
    const heavy = corpus.heavy.principals[0] as string;
    rows.push({
      size,
      call: "GET /investigate/search (ARN)",
      entity: "",
      range: "",
      ...(await time(() => searchEntities(heavy))),
    });
    rows.push({
      size,
      call: "GET /investigate/search (user name)",
      entity: "",
      range: "",
      ...(await time(() => searchEntities("svc-150-abcd"))),
    });
    for (const range of ["7d", "all"] as const) {
      rows.push({
        size,
        call: `GET /investigate/top?range=${range}`,
        entity: "",
        range,
        ...(await time(() => getTopEntities(range))),
      });
    }
    await db.$disconnect();
    await pool.end();
    await scratch.drop();
    undrop();
    // Each size's table as soon as it is measured: the larger sizes take long, and a stopped run keeps these.
    printTable(rows.filter((row) => row.size === size));
  }
  await runCleanups();

  console.log(`\nAll sizes:`);
  printTable(rows);
  for (const ingest of ingests) {
    console.log(
      `Ingest of ${ingest.size.toLocaleString("en")} skewed events: ${Math.round(ingest.eventsPerSecond).toLocaleString("en")} events/s`,
    );
  }
  const resultsFile = path.join(outputDir, `queries-${stamp}.json`);
  await writeFile(resultsFile, `${JSON.stringify({ sizes, seed, runs, rows, ingests, problems }, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), resultsFile)}`);
  if (problems.length > 0) {
    console.error(`\nBENCHMARK INVALID: ${problems.join("\n  ")}`);
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
