import os from "node:os";
import cliProgress from "cli-progress";
import { migrationsDir } from "@/lib/cli/paths";
import { withDatabase } from "@/lib/cli/with-database";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { formatBytes } from "@/lib/format";
import { acceptUpload } from "@/lib/ingest/accept";
import { uploadSources } from "@/lib/ingest/folder";
import { ingestLimits } from "@/lib/ingest/limits";
import { startWorker } from "@/lib/worker/start";

// `trailtriage ingest <files or folders…>`: the same pipeline as the browser and the API. A folder becomes
// one upload holding all its files (cut in parts only past the upload size limit), as a dropped folder
// does in the browser; a file given by itself is an upload of its own. A worker in this process helps
// with the queue (a running server's workers may take some of the jobs too), and a progress bar follows
// the uploads until all are finished.

export async function runIngest(paths: string[], options: { json: boolean }): Promise<number> {
  const limits = ingestLimits();
  const sources = await uploadSources(paths, limits.maxUploadBytes, { exclude: [env.dataDir] });
  if (sources.length === 0) throw new Error("no files found in the paths given");
  return withDatabase(async (db, url) => {
    // A first run may have no schema yet (no server has started on this DATA_DIR).
    await migrate({ url, dir: migrationsDir });
    const worker = await startWorker({ url, dataDir: env.dataDir, limits });
    try {
      const totalBytes = sources.reduce((sum, source) => sum + source.bytes, 0);
      const actor = { type: "system" as const, label: `cli (${os.userInfo().username})` };
      const ids: string[] = [];
      for (const source of sources) {
        const accepted = await acceptUpload(source.read(), {
          db,
          queue: worker.boss,
          dataDir: env.dataDir,
          maxUploadBytes: limits.maxUploadBytes,
          filename: source.name,
          origin: "cli",
          actor,
        });
        ids.push(accepted.id);
      }
      const bar = new cliProgress.SingleBar(
        {
          format:
            "{bar} {percentage}% | {done}/{uploads} uploads | {bytes} of {totalBytes} | {events} events | {rate} events/s",
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 2000,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(totalBytes, 0, {
        done: 0,
        uploads: ids.length,
        bytes: "0 B",
        totalBytes: formatBytes(totalBytes),
        events: 0,
        rate: 0,
      });
      const started = Date.now();
      let uploads: Awaited<ReturnType<typeof db.upload.findMany>>;
      for (;;) {
        uploads = await db.upload.findMany({ where: { id: { in: ids } } });
        const finished = uploads.filter((u) => u.status === "done" || u.status === "failed");
        const bytes = uploads.reduce(
          (sum, u) => sum + Number(u.status === "done" || u.status === "failed" ? u.bytesTotal : u.bytesProcessed),
          0,
        );
        const events = uploads.reduce((sum, u) => sum + u.eventsParsed, 0);
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        bar.update(Math.min(bytes, totalBytes), {
          done: finished.length,
          bytes: formatBytes(bytes),
          events,
          rate: Math.round(events / seconds),
        });
        if (finished.length === ids.length) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      bar.stop();
      const failed = uploads.filter((u) => u.status === "failed");
      const sum = (key: "eventsParsed" | "eventsInserted" | "eventsDuplicate" | "eventsRejected") =>
        uploads.reduce((total, u) => total + u[key], 0);
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify(
            uploads.map((u) => ({
              id: u.id,
              filename: u.filename,
              status: u.status,
              format: u.format,
              eventsParsed: u.eventsParsed,
              eventsInserted: u.eventsInserted,
              eventsDuplicate: u.eventsDuplicate,
              eventsRejected: u.eventsRejected,
              failureReason: u.failureReason,
              errors: u.errors,
            })),
            null,
            2,
          )}\n`,
        );
      } else {
        // Signals exist once an upload is done: detection finishes before the upload says so.
        const [signals] = await db.$queryRaw<{ total: number; high: number }[]>`
          SELECT count(DISTINCT s.id)::int AS total,
                 count(DISTINCT s.id) FILTER (WHERE s.severity IN ('high', 'critical'))::int AS high
            FROM signal_events se JOIN events e ON e.id = se.event_id JOIN signals s ON s.id = se.signal_id
           WHERE e.upload_id = ANY(${ids}::uuid[]) AND s.merged_into_id IS NULL AND s.retired_at IS NULL`;
        const lines = [
          `${uploads.length} upload(s), ${uploads.reduce((total, u) => total + u.filesRead, 0)} file(s) read: ${sum("eventsParsed")} events read, ${sum("eventsInserted")} new, ${sum("eventsDuplicate")} already stored, ${sum("eventsRejected")} rejected.`,
          `${signals?.total ?? 0} signal(s) with events from these files${signals?.high ? `, ${signals.high} high or critical` : ""}.`,
          ...failed.map((u) => `  failed: ${u.filename}: ${u.failureReason}`),
          ...uploads
            .filter((u) => u.status === "done" && u.errorsTotal > 0)
            .map(
              (u) => `  ${u.filename}: ${u.errorsTotal} problem(s), e.g. ${JSON.stringify((u.errors as unknown[])[0])}`,
            ),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      return failed.length > 0 ? 1 : 0;
    } finally {
      await worker.stop();
    }
  });
}
