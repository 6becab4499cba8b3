import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { systemActor } from "@/lib/auth/audit";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { acceptUpload } from "@/lib/ingest/accept";
import type { IngestLimits } from "@/lib/ingest/limits";
import { startWorker, type Worker } from "@/lib/worker/start";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";

// A real ingest setup for a test: its own migrated database, data folder, queue and worker.

export const testLimits: IngestLimits = {
  maxUploadBytes: 64 * 1024 * 1024,
  maxExpandedBytes: 256 * 1024 * 1024,
  maxExpansionRatio: 200,
  maxRecordBytes: 1024 * 1024,
  maxArchiveEntries: 10_000,
  maxErrorsKept: 100,
  maxSkippedKept: 200,
};

export interface IngestHarness {
  db: PrismaClient;
  database: TestDatabase;
  dataDir: string;
  worker: Worker | null;
  startWorker(): Promise<Worker>;
  /** Accepts each file as its own upload, as the API does. */
  upload(files: string[], options?: { filename?: (file: string) => string }): Promise<string[]>;
  waitForUploads(ids: string[], timeoutMs?: number): Promise<Awaited<ReturnType<PrismaClient["upload"]["findMany"]>>>;
  /** Until the worker's summariser has counted every stored batch (it runs a second or so behind). */
  waitForSummaries(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createIngestHarness(
  limits: IngestLimits = testLimits,
  workerOptions: { summaryDetailThreshold?: number } = {},
): Promise<IngestHarness> {
  const database = await createMigratedDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "trailtriage-ingest-"));
  const db = createPrismaClient(database.url);
  const harness: IngestHarness = {
    db,
    database,
    dataDir,
    worker: null,
    async startWorker() {
      harness.worker = await startWorker({ url: database.url, dataDir, limits, ...workerOptions });
      return harness.worker;
    },
    async upload(files, options) {
      const worker = harness.worker ?? (await harness.startWorker());
      const ids: string[] = [];
      for (const file of files) {
        const accepted = await acceptUpload(createReadStream(file), {
          db,
          queue: worker.boss,
          dataDir,
          maxUploadBytes: limits.maxUploadBytes,
          filename: options?.filename?.(file) ?? path.basename(file),
          origin: "cli",
          actor: systemActor("test"),
        });
        ids.push(accepted.id);
      }
      return ids;
    },
    async waitForUploads(ids, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const uploads = await db.upload.findMany({ where: { id: { in: ids } } });
        if (uploads.length === ids.length && uploads.every((u) => u.status === "done" || u.status === "failed")) {
          return ids.map((id) => uploads.find((u) => u.id === id) as (typeof uploads)[number]);
        }
        if (Date.now() > deadline)
          throw new Error(`uploads not finished: ${JSON.stringify(uploads.map((u) => [u.filename, u.status]))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async waitForSummaries(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await db.entitySummaryQueue.count()) > 0) {
        if (Date.now() > deadline) throw new Error("the entity summaries did not catch up");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await harness.worker?.stop();
      await db.$disconnect();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
