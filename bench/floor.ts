import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Corpus } from "@/bench/corpus";

// The parse-only floor: gunzip + JSON.parse of the same files on one core, nothing stored. No ingest can
// beat it in one Node thread, so end-to-end / floor says how much of the budget storage takes. Each file is
// read before its timer starts (reading is not parsing), and the loop yields between files so Ctrl-C works.

export interface FloorResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  uncompressedMBps: number;
}

export async function parseFloor(corpus: Corpus): Promise<FloorResult> {
  let events = 0;
  let seconds = 0;
  for (const file of corpus.files) {
    const compressed = await readFile(path.join(corpus.dir, file.path));
    const started = performance.now();
    const document = JSON.parse(gunzipSync(compressed).toString("utf8")) as { Records: unknown[] };
    events += document.Records.length;
    seconds += (performance.now() - started) / 1000;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (events !== corpus.events) throw new Error(`the floor parsed ${events} events, the corpus has ${corpus.events}`);
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    uncompressedMBps: corpus.uncompressedBytes / 1e6 / seconds,
  };
}
