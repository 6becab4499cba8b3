import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Corpus } from "@/bench/corpus";
import { startWorkerProcess } from "@/bench/worker-process";
import { systemActor } from "@/lib/auth/audit";
import { createPrismaClient } from "@/lib/db/client";
import { acceptUpload } from "@/lib/ingest/accept";
import { ingestLimits } from "@/lib/ingest/limits";
import { startQueue } from "@/lib/jobs/queue";

// Fills a database the way users do: every corpus file accepted as an upload, the app's worker process
// reading them, until every upload is done (events stored, summaries counted, signals grouped). Unlike
// bench/scenario.ts it keeps the database, for the benchmarks that query it afterwards.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ingestCorpus(options: {
  corpus: Corpus;
  url: string;
  repoRoot: string;
  runDir: string;
  label: string;
  log: (message: string) => void;
}): Promise<{ seconds: number; eventsPerSecond: number }> {
  const { corpus, url } = options;
  const dataDir = path.join(options.runDir, `data-${options.label}`);
  await mkdir(dataDir, { recursive: true });
  const monitor = new pg.Pool({ connectionString: url, max: 1 });
  monitor.on("error", () => {});
  const db = createPrismaClient(url);
  const worker = await startWorkerProcess({ repoRoot: options.repoRoot, url, dataDir });
  const queue = await startQueue(url, { worker: false });
  const limits = ingestLimits();
  try {
    const started = performance.now();
    for (const file of corpus.files) {
      await acceptUpload(createReadStream(path.join(corpus.dir, file.path)), {
        db,
        queue,
        dataDir,
        maxUploadBytes: limits.maxUploadBytes,
        filename: path.basename(file.path),
        contentType: "application/gzip",
        origin: "api",
        actor: systemActor("bench"),
      });
    }
    let lastReport = performance.now();
    for (;;) {
      const { rows } = await monitor.query<{ done: number; parsed: string }>(
        `SELECT count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS done,
                coalesce(sum(events_parsed), 0)::text AS parsed FROM uploads`,
      );
      const row = rows[0];
      const { rows: queued } = await monitor.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM entity_summary_queue",
      );
      // Every upload done and every stored batch counted into the summaries.
      if (row && row.done === corpus.files.length && queued[0]?.n === 0) break;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        options.log(
          `  ${Number(row?.parsed ?? 0).toLocaleString("en")} events stored, ${row?.done}/${corpus.files.length} uploads done`,
        );
      }
      await Promise.race([sleep(200), worker.failed]);
    }
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await monitor.query<{ n: string }>("SELECT count(*)::text AS n FROM events");
    const stored = Number(rows[0]?.n ?? 0);
    if (stored !== corpus.events) throw new Error(`stored ${stored} events of ${corpus.events}`);
    return { seconds, eventsPerSecond: stored / seconds };
  } finally {
    await worker.stop();
    await queue.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
    await db.$disconnect();
    await monitor.end();
  }
}
