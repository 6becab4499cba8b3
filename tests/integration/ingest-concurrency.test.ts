import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { StoredEvent } from "@/lib/ingest/steps";
import { tempFolder, writeLargeS3Gzip } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// The worker reads two uploads at once. Overlapping uploads racing for the same events must still store
// each event once, count each upload's share exactly, and show detection each new event exactly once.

let harness: IngestHarness;
let folder: Awaited<ReturnType<typeof tempFolder>>;
const seen: string[] = [];
let unregister: () => void;

beforeAll(async () => {
  harness = await createIngestHarness();
  folder = await tempFolder("concurrency");
  unregister = (await harness.startWorker()).addStep({
    name: "test: record what detection is shown",
    async onBatch(_tx, batch) {
      seen.push(...batch.events.map((event: StoredEvent) => event.eventKey));
    },
    async onUploadDone() {},
  });
});

afterAll(async () => {
  unregister?.();
  await harness?.close();
  await folder?.remove();
});

test("the same 30,000 events uploaded four times at once are stored once, and counted once", async () => {
  const file = path.join(folder.dir, "same.json.gz");
  await writeLargeS3Gzip(file, 30_000);
  const ids = await harness.upload([file, file, file, file], { filename: () => "same.json.gz" });
  const uploads = await harness.waitForUploads(ids, 120_000);
  expect(uploads.map((upload) => upload.status)).toEqual(["done", "done", "done", "done"]);
  expect(uploads.reduce((sum, upload) => sum + upload.eventsInserted, 0)).toBe(30_000);
  expect(uploads.reduce((sum, upload) => sum + upload.eventsDuplicate, 0)).toBe(90_000);
  expect(await harness.db.event.count()).toBe(30_000);
  // Detection saw every stored event once, by its exactly-once key.
  const stored = (await harness.db.event.findMany({ select: { eventKey: true } })).map((row) => row.eventKey);
  expect([...seen].sort()).toEqual(stored.sort());
});
