import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NotCloudTrailError } from "@/lib/ingest/archive-guards";
import { readUploadFile } from "@/lib/ingest/expand";
import type { IngestLimits } from "@/lib/ingest/limits";

// Reads one upload file with the real readers in a process of its own and prints each item as a JSON
// line (events reduced to where and eventID; an upload refused whole as {"kind":"rejected"}), then
// "end". A reader that crashes its process shows up as a non-zero exit and no "end", without taking
// the test runner down with it.
//
//   node --import tsx tests/support/read-upload-child.ts <file> <display name>   (limits: TT_LIMITS)

const [file, name] = process.argv.slice(2);
if (!file || !name) throw new Error("usage: read-upload-child.ts <file> <display name>");
const limits: IngestLimits = JSON.parse(process.env.TT_LIMITS ?? "{}");
// Only a nested zip is written here (readZip creates it then), so a crash leaves nothing behind otherwise.
const tmpDir = path.join(os.tmpdir(), `trailtriage-read-${process.pid}-${Date.now()}`);
try {
  const context = { limits, bytesRead: 0, expandedBytes: 0, entries: 0, tmpDir };
  try {
    for await (const item of readUploadFile(file, name, context)) {
      const shown = item.kind === "event" ? { kind: "event", where: item.where, eventId: item.event.eventId } : item;
      process.stdout.write(`${JSON.stringify(shown)}\n`);
    }
  } catch (error) {
    if (!(error instanceof NotCloudTrailError)) throw error;
    process.stdout.write(`${JSON.stringify({ kind: "rejected", message: error.message })}\n`);
  }
  process.stdout.write("end\n");
} finally {
  await rm(tmpDir, { recursive: true, force: true });
}
