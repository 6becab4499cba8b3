import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExpandContext } from "@/lib/ingest/archive-guards";
import { packBundle } from "@/lib/ingest/bundle";
import {
  bundleEntryName,
  bundlePartNames,
  bundleUploadName,
  isBundleName,
  splitBundles,
  tarBytes,
} from "@/lib/ingest/bundle-plan";
import { readUploadFile } from "@/lib/ingest/expand";
import { Handoff } from "@/lib/ingest/handoff";
import type { IngestItem } from "@/lib/ingest/readers";
import { gzip, s3RecordsText, syntheticEvents } from "@/tests/support/fixtures";

// A folder as one upload: names made safe, folders cut to the size limit, files packed one at a time
// into a tar that reads back as the folder's files, each by its path.

describe("bundle names", () => {
  it.each<[string, string | null]>([
    ["AWSLogs/1/CloudTrail/us-east-1/a.json.gz", "AWSLogs/1/CloudTrail/us-east-1/a.json.gz"],
    ["./x/./y.json", "x/y.json"],
    ["/.//evil.example", "evil.example"],
    ["../../etc/passwd", "etc/passwd"],
    ["C:\\Users\\me\\logs\\a.json", "C:/Users/me/logs/a.json"],
    ["a\u0000b/\u0007c.json", "ab/c.json"],
    ["", null],
    ["../..", null],
  ])("%j is stored as %j", (raw, stored) => {
    expect(bundleEntryName(raw)).toBe(stored);
  });

  it("keeps a 100,000-character path to its last 1,024 characters, each part at most 255", () => {
    const name = bundleEntryName(`${"a".repeat(100_000)}/${"b/".repeat(2000)}c.json`) as string;
    expect(name.length).toBeLessThanOrEqual(1024);
    expect(name.endsWith("b/c.json")).toBe(true);
    expect(name.split("/").every((part) => part.length <= 255)).toBe(true);
  });

  it("a folder's upload is named with a slash, which is how the reader knows it is a folder", () => {
    expect(bundleUploadName("cloudtrail")).toBe("cloudtrail/");
    expect(bundleUploadName("cloudtrail///")).toBe("cloudtrail/");
    expect(bundleUploadName("")).toBe("folder/");
    expect(isBundleName("cloudtrail/")).toBe(true);
    expect(isBundleName("export.tar")).toBe(false);
    expect(bundlePartNames("logs", 1)).toEqual(["logs/"]);
    expect(bundlePartNames("logs", 2)).toEqual(["logs (part 1 of 2)/", "logs (part 2 of 2)/"]);
  });
});

describe("splitBundles", () => {
  it("keeps a folder whole while it fits, and cuts it in order when it does not", () => {
    const files = [100, 600, 1000, 50].map((size, index) => ({ size, index }));
    expect(splitBundles(files, 1_000_000)).toEqual([files]);
    // Each costs 512 + its size rounded up to 512; the end of the tar 1,024.
    expect(tarBytes([100])).toBe(1024 + 512 + 512);
    expect(splitBundles(files, 1024 + 512 + 512 + 512 + 1024).map((group) => group.map((f) => f.index))).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it("puts a file larger than the limit alone (its upload then fails with the limit's message)", () => {
    const files = [{ size: 10 }, { size: 10_000 }, { size: 10 }];
    expect(splitBundles(files, 4096).map((group) => group.length)).toEqual([1, 1, 1]);
  });
});

describe("Handoff", () => {
  it("hands items over one at a time, and put resolves only when the consumer is done with its item", async () => {
    const handoff = new Handoff<number>();
    const log: string[] = [];
    const consumer = (async () => {
      for await (const item of handoff) {
        log.push(`took ${item}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`done ${item}`);
      }
      log.push("end");
    })();
    for (const item of [1, 2, 3]) {
      await handoff.put(item);
      log.push(`put ${item} returned`);
    }
    handoff.end();
    await consumer;
    expect(log).toEqual([
      "took 1",
      "done 1",
      "put 1 returned",
      "took 2",
      "done 2",
      "put 2 returned",
      "took 3",
      "done 3",
      "put 3 returned",
      "end",
    ]);
  });

  it("a failure reaches both sides", async () => {
    const handoff = new Handoff<number>();
    const consumer = (async () => {
      for await (const _ of handoff) {
        // never reached
      }
    })();
    const put = handoff.put(1).catch((error: Error) => error.message);
    handoff.fail(new Error("the request was cut"));
    await expect(consumer).rejects.toThrow("the request was cut");
    await expect(put).resolves.toBe("the request was cut");
  });
});

describe("packBundle", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "trailtriage-bundle-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readBack(file: string, name: string, part?: { index: number; count: number }): Promise<IngestItem[]> {
    const context: ExpandContext = {
      limits: {
        maxUploadBytes: 1 << 30,
        maxExpandedBytes: 1 << 30,
        maxExpansionRatio: 200,
        maxRecordBytes: 1 << 20,
        maxArchiveEntries: 1000,
        maxErrorsKept: 100,
        maxSkippedKept: 100,
      },
      bytesRead: 0,
      expandedBytes: 0,
      entries: 0,
      tmpDir: dir,
      part,
    };
    const items: IngestItem[] = [];
    for await (const item of readUploadFile(file, name, context)) items.push(item);
    expect(context.container).toBe("folder");
    return items;
  }

  it("reads back as the folder's files, each by its path, a broken one reported by name", async () => {
    const a = gzip(s3RecordsText(syntheticEvents(3)));
    const b = Buffer.from(s3RecordsText(syntheticEvents(2)));
    const whole = gzip(s3RecordsText(syntheticEvents(200)));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const long = `${"deep/".repeat(40)}c.json.gz`;
    const entries = [
      { name: "AWSLogs/a.json.gz", size: a.length, open: () => a },
      { name: "b.json", size: b.length, open: () => b },
      { name: long, size: cut.length, open: () => cut },
      { name: "notes.txt", size: 5, open: () => Buffer.from("hello") },
    ];
    const file = path.join(dir, "bundle.tar");
    await pipeline(packBundle(entries), createWriteStream(file));
    const items = await readBack(file, "logs/");
    // The cut file's records before the cut are kept (some of its 200).
    const events = items.filter((item) => item.kind === "event").length;
    expect(events).toBeGreaterThan(5);
    expect(events).toBeLessThan(205);
    expect(items.filter((item) => item.kind === "file").map((item) => item.kind === "file" && item.path)).toEqual([
      "logs/AWSLogs/a.json",
      "logs/b.json",
      `logs/${long.replace(/\.gz$/, "")}`,
    ]);
    expect(items).toContainEqual({
      kind: "skip",
      path: "logs/notes.txt",
      reason: expect.stringMatching(/^not a CloudTrail export/),
    });
    expect(items).toContainEqual({
      kind: "problem",
      where: `logs/${long.replace(/\.gz$/, "")}`,
      message: expect.stringMatching(/cut short/),
    });
  });

  it("a gzip cut before it gave anything is reported as cut, not as empty", async () => {
    const cut = gzip(s3RecordsText(syntheticEvents(50))).subarray(0, 30);
    const file = path.join(dir, "tiny-cut.tar");
    await pipeline(packBundle([{ name: "a.json.gz", size: cut.length, open: () => cut }]), createWriteStream(file));
    const items = await readBack(file, "cut/");
    expect(items).toEqual([{ kind: "problem", where: "cut/a.json", message: expect.stringMatching(/cut short/) }]);
  });

  it("two readers of one folder share its files between them: together exactly what one reader reads", async () => {
    const files = Array.from({ length: 7 }, (_, f) => {
      const bytes = gzip(s3RecordsText(syntheticEvents(3 + f)));
      return { name: `f${f}.json.gz`, size: bytes.length, open: () => bytes };
    });
    // A cut at the end of the tar: reported once, by the first reader.
    const file = path.join(dir, "shared.tar");
    await pipeline(packBundle(files), createWriteStream(file));
    const { readFile, writeFile: write } = await import("node:fs/promises");
    const whole = await readFile(file);
    await write(file, whole.subarray(0, whole.length - 1024 - 700));
    const key = (item: IngestItem) => JSON.stringify(item.kind === "event" ? item.event.eventKey : item);
    const one = (await readBack(file, "f/")).map(key).sort();
    const first = await readBack(file, "f/", { index: 0, count: 2 });
    const second = await readBack(file, "f/", { index: 1, count: 2 });
    expect([...first, ...second].map(key).sort()).toEqual(one);
    const names = (items: IngestItem[]) => items.flatMap((item) => (item.kind === "file" ? [item.path] : []));
    // Files alternate between the readers (the last, f6, is the one the cut reaches).
    expect(names(first).slice(0, 3)).toEqual(["f/f0.json", "f/f2.json", "f/f4.json"]);
    expect(names(second)).toEqual(["f/f1.json", "f/f3.json", "f/f5.json"]);
    // The tar's own cut belongs to no file: the first reader reports it, the second does not.
    expect(first.some((item) => item.kind === "problem" && item.where === "f/")).toBe(true);
    expect(second.some((item) => item.kind === "problem" && item.where === "f/")).toBe(false);
  });

  it("a gzip cut after some output is reported as cut, not skipped as 'not CloudTrail' for the part it gave", async () => {
    const cut = gzip(Buffer.from("this is the start of something ".repeat(2000))).subarray(0, 60);
    const file = path.join(dir, "partial-cut.tar");
    await pipeline(packBundle([{ name: "b.json.gz", size: cut.length, open: () => cut }]), createWriteStream(file));
    expect(await readBack(file, "cut/")).toEqual([
      { kind: "problem", where: "cut/b.json", message: expect.stringMatching(/cut short/) },
    ]);
  });

  it("fails the stream when a file gives other than its size (it changed while being read)", async () => {
    const entries = [{ name: "a.json", size: 10, open: () => Buffer.from("short") }];
    await expect(pipeline(packBundle(entries), createWriteStream(path.join(dir, "bad.tar")))).rejects.toThrow();
  });

  it("packs files from disk as streams", async () => {
    const events = s3RecordsText(syntheticEvents(4));
    const source = path.join(dir, "on-disk.json");
    await writeFile(source, events);
    const { createReadStream } = await import("node:fs");
    const file = path.join(dir, "disk.tar");
    await pipeline(
      packBundle([{ name: "x/on-disk.json", size: Buffer.byteLength(events), open: () => createReadStream(source) }]),
      createWriteStream(file),
    );
    const items = await readBack(file, "disk/");
    expect(items.filter((item) => item.kind === "event")).toHaveLength(4);
  });
});
