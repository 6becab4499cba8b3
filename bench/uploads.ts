import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { installSignalCleanup, onCleanup, runCleanups, state } from "@/bench/cleanup";
import { startBenchServer } from "@/bench/database";
import { createPrismaClient } from "@/lib/db/client";

// `npm run bench:uploads`: the Uploads page's list (GET /api/v1/uploads) with many uploads stored (issue
// 14: 100,000, a year of folders sent one by one). Times the server function the route calls, as a page
// load does: newest first, a later page, a status tab, p50/p95 over repeated calls. Target: p95 <= 200 ms.

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 100_000);
const RUNS = 40;
const TARGET_MS = 200;
const repoRoot = path.resolve(import.meta.dirname, "..");

async function main(): Promise<number> {
  installSignalCleanup();
  const runDir = path.join(repoRoot, ".data", "bench", `uploads-${Date.now()}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  const scratch = await server.createDatabase("uploads");
  const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
  console.log(`PostgreSQL ${server.version}; storing ${UPLOADS.toLocaleString("en")} uploads…`);
  // Mostly done, some failed, a few still queued or running; spread over a year, with errors and skips.
  await pool.query(
    `INSERT INTO uploads (filename, stored_path, status, bytes_total, bytes_processed, events_parsed, events_inserted,
                          events_duplicate, errors, errors_total, files_read, skipped, skipped_total, source,
                          created_at, started_at, finished_at, format)
     SELECT 'folder-' || i || '/', 'uploads/' || i,
            (CASE WHEN i % 50 = 0 THEN 'failed' WHEN i % 997 = 0 THEN 'queued' WHEN i % 991 = 0 THEN 'processing' ELSE 'done' END)::"UploadStatus",
            1000000 + i, 1000000 + i, 100 * (i % 500), 90 * (i % 500), 10 * (i % 500),
            CASE WHEN i % 50 = 0 THEN '[{"where":"x","message":"not a CloudTrail export"}]'::jsonb ELSE '[]'::jsonb END,
            CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, i % 500,
            '[]'::jsonb, 0, 'cli',
            now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes') + interval '3 seconds',
            'folder: s3-records ×' || (i % 500)
       FROM generate_series(1, $1::int) AS i`,
    [UPLOADS],
  );
  await pool.query("VACUUM ANALYZE uploads");
  const db = createPrismaClient(scratch.url);
  (globalThis as { trailtriagePrisma?: unknown }).trailtriagePrisma = db;
  const { listUploads } = await import("@/lib/server/uploads");

  const cases: { name: string; call: () => Promise<unknown> }[] = [
    { name: "first page (50, newest first)", call: () => listUploads({ page: { page: 1, pageSize: 50 } }) },
    { name: "page 20", call: () => listUploads({ page: { page: 20, pageSize: 50 } }) },
    { name: "Failed tab, first page", call: () => listUploads({ page: { page: 1, pageSize: 50 }, status: "failed" }) },
    { name: "Processing tab", call: () => listUploads({ page: { page: 1, pageSize: 50 }, status: "processing" }) },
    { name: "last page", call: () => listUploads({ page: { page: Math.ceil(UPLOADS / 50), pageSize: 50 } }) },
  ];
  console.log(`\n${"call".padEnd(32)}  p50 ms  p95 ms  target`);
  let misses = 0;
  for (const { name, call } of cases) {
    await call();
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(RUNS * 0.5)] as number;
    const p95 = times[Math.floor(RUNS * 0.95)] as number;
    const pass = p95 <= TARGET_MS;
    if (!pass) misses++;
    console.log(
      `${name.padEnd(32)}  ${p50.toFixed(1).padStart(6)}  ${p95.toFixed(1).padStart(6)}  ${pass ? "PASS" : "MISS"}`,
    );
  }
  await db.$disconnect();
  await pool.end();
  await runCleanups();
  console.log(misses === 0 ? "\nEvery call within the target." : `\n${misses} call(s) over ${TARGET_MS} ms at p95.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (!state.interrupted) console.error(`bench: ${error.stack ?? error.message}`);
    runCleanups().finally(() => process.exit(state.interrupted ? 130 : 1));
  },
);
