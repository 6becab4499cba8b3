import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { constants, gunzipSync } from "node:zlib";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { systemActor } from "@/lib/auth/audit";
import { acceptUpload } from "@/lib/ingest/accept";
import type { IngestLimits } from "@/lib/ingest/limits";
import type { StoredBatch } from "@/lib/ingest/steps";
import { startQueue } from "@/lib/jobs/queue";
import { killChild, type RunningChild, startTs } from "@/tests/support/child-process";
import {
  binaryGarbage,
  type CloudTrailEvent,
  CONSOLE_CSV_HEADER,
  consoleCsvRow,
  consoleCsvText,
  digestText,
  gzip,
  gzipBomb,
  jsonLinesText,
  s3RecordsText,
  syntheticEvent,
  syntheticEvents,
  tarArchive,
  tempFolder,
  uniquePrefix,
  zipArchive,
} from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness, testLimits } from "@/tests/support/ingest";

// Every kind of bad input a user can hand over, through the real path (acceptUpload, the queue, the
// worker, PostgreSQL): each ends with a status and a message that says what was wrong and where, and
// everything else in the upload is still read and counted exactly.

const MiB = 1024 * 1024;
type Upload = Awaited<ReturnType<IngestHarness["waitForUploads"]>>[number];

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder("bad-input");
});
afterAll(async () => {
  await folder?.remove();
});

/** Writes `content` under the display name `name` (each in a folder of its own). */
async function fileNamed(name: string, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(folder.dir, "u-"));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function ingest(harness: IngestHarness, name: string, content: string | Buffer, timeoutMs?: number) {
  const [id] = await harness.upload([await fileNamed(name, content)]);
  const [upload] = await harness.waitForUploads([id as string], timeoutMs);
  return upload as Upload;
}

/** Like `ingest`, but after `timeoutMs` returns the upload as it stands rather than throwing. */
async function ingestWithin(harness: IngestHarness, name: string, content: string | Buffer, timeoutMs: number) {
  const [id] = await harness.upload([await fileNamed(name, content)]);
  try {
    const [upload] = await harness.waitForUploads([id as string], timeoutMs);
    return upload as Upload;
  } catch {
    return (await harness.db.upload.findUniqueOrThrow({ where: { id: id as string } })) as Upload;
  }
}

async function storedEventIds(harness: IngestHarness, uploadId: string): Promise<string[]> {
  const rows = await harness.db.event.findMany({ where: { uploadId }, select: { eventId: true } });
  return rows.map((row) => row.eventId).sort();
}

const idsOf = (events: readonly CloudTrailEvent[]) => events.map((event) => event.eventID as string).sort();
const errorsOf = (upload: Upload) => upload.errors as { where: string; message: string }[];
const skippedOf = (upload: Upload) => upload.skipped as { path: string; reason: string }[];

/** The counts a user reads on the upload, all at once so a failure shows them together. */
function counts(upload: Upload) {
  return {
    status: upload.status,
    parsed: upload.eventsParsed,
    inserted: upload.eventsInserted,
    duplicate: upload.eventsDuplicate,
    rejected: upload.eventsRejected,
    errors: upload.errorsTotal,
  };
}

describe("with the usual limits", () => {
  let harness: IngestHarness;
  beforeAll(async () => {
    harness = await createIngestHarness(testLimits);
  });
  afterAll(async () => {
    await harness?.close();
  });

  describe("decompression bombs", () => {
    test("a gzip bomb: reading stops with a message; the events before it are kept", async () => {
      const before = syntheticEvents(3);
      const upload = await ingest(harness, "bomb.json.gz", gzipBomb(100 * MiB, before));
      expect(counts(upload)).toEqual({ status: "done", parsed: 3, inserted: 3, duplicate: 0, rejected: 0, errors: 1 });
      expect(errorsOf(upload)).toEqual([
        {
          where: "bomb.json",
          message: expect.stringMatching(/decompresses more than 200:1, like a decompression bomb; reading stopped/),
        },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(before));
    });

    test("a zip entry that declares a bomb's ratio is not read; the other entries are", async () => {
      const [a, c] = [syntheticEvents(2), syntheticEvents(3)];
      const upload = await ingest(
        harness,
        "with-bomb.zip",
        zipArchive([
          { name: "a.json", data: s3RecordsText(a) },
          { name: "bomb.json", data: Buffer.alloc(100 * MiB, 0x20) },
          { name: "c.json", data: s3RecordsText(c) },
        ]),
      );
      expect(counts(upload)).toEqual({ status: "done", parsed: 5, inserted: 5, duplicate: 0, rejected: 0, errors: 1 });
      expect(errorsOf(upload)).toEqual([
        {
          where: "with-bomb.zip/bomb.json",
          message: expect.stringMatching(
            /^declares 100 MiB from .* \(over 200:1\), like a decompression bomb: not read$/,
          ),
        },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf([...a, ...c]));
    });

    test("a gzip bomb inside a zip: stopped, and the entries after it are still read", async () => {
      const [a, bombEvents, c] = [syntheticEvents(2), syntheticEvents(1), syntheticEvents(3)];
      const upload = await ingest(
        harness,
        "gz-bomb-inside.zip",
        zipArchive([
          { name: "a.json", data: s3RecordsText(a) },
          { name: "b.json.gz", data: gzipBomb(100 * MiB, bombEvents), method: "store" },
          { name: "c.json", data: s3RecordsText(c) },
        ]),
      );
      expect(errorsOf(upload)).toEqual([
        { where: "gz-bomb-inside.zip/b.json", message: expect.stringMatching(/like a decompression bomb/) },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf([...a, ...bombEvents, ...c]));
    });

    test.each([
      [
        "zip",
        async (entries: { name: string; data: Buffer }[]) =>
          zipArchive(entries.map((e) => ({ ...e, method: "store" as const }))),
      ],
      ["tar.gz", async (entries: { name: string; data: Buffer }[]) => gzip(await tarArchive(entries))],
    ])(
      "an ordinary %s of S3 files over 16 MiB decompressed is read whole, not taken for a bomb",
      async (kind, build) => {
        const prefix = uniquePrefix();
        const entries = Array.from({ length: 40 }, (_, f) => ({
          name: `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01/111122223333_CloudTrail_us-east-1_2026${f}.json.gz`,
          data: gzip(
            s3RecordsText(
              Array.from({ length: 1000 }, (_, i) =>
                syntheticEvent(prefix, f * 1000 + i, { requestParameters: { nonce: `${f}-${i}-${Math.random()}` } }),
              ),
            ),
          ),
        }));
        const upload = await ingest(harness, `export.${kind}`, await build(entries), 120_000);
        expect(errorsOf(upload)).toEqual([]);
        expect(counts(upload)).toEqual({
          status: "done",
          parsed: 40_000,
          inserted: 40_000,
          duplicate: 0,
          rejected: 0,
          errors: 0,
        });
      },
    );
  });

  test("a record over the record size limit is rejected with its position; the rest are kept", async () => {
    const events = syntheticEvents(4);
    const big = { ...events[1], requestParameters: { policy: "x".repeat(2 * MiB) } };
    const upload = await ingest(
      harness,
      "big.json",
      s3RecordsText([events[0], big, events[2], events[3]] as CloudTrailEvent[]),
    );
    expect(counts(upload)).toEqual({ status: "done", parsed: 3, inserted: 3, duplicate: 0, rejected: 1, errors: 1 });
    expect(errorsOf(upload)).toEqual([
      { where: "big.json: record 2", message: "the record is 2 MiB, over the 1 MiB record limit" },
    ]);
    expect(await storedEventIds(harness, upload.id)).toEqual(
      idsOf([events[0], events[2], events[3]] as CloudTrailEvent[]),
    );
  });

  describe("unsafe entry names", () => {
    const unsafe = ["../evil.json", "/etc/x.json", "logs/../../escape.json"];

    test.each([
      ["zip", (entries: { name: string; data: string }[]) => Promise.resolve(zipArchive(entries))],
      ["tar", (entries: { name: string; data: string }[]) => tarArchive(entries)],
    ])("in a %s: skipped and listed, the other entries read", async (kind, build) => {
      const good = syntheticEvents(3);
      const entries = [
        ...unsafe.map((name) => ({ name, data: s3RecordsText(syntheticEvents(2)) })),
        { name: "logs/good.json", data: s3RecordsText(good) },
      ];
      const upload = await ingest(harness, `names.${kind}`, await build(entries));
      expect(counts(upload)).toEqual({ status: "done", parsed: 3, inserted: 3, duplicate: 0, rejected: 0, errors: 0 });
      expect(skippedOf(upload)).toEqual(
        unsafe.map((name) => ({
          path: `names.${kind}/${name}`,
          reason: "an unsafe entry name (absolute, or climbing out with ..): not read",
        })),
      );
      expect(upload.skippedTotal).toBe(3);
      expect(upload.filesRead).toBe(1);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(good));
    });
  });

  describe("cut files", () => {
    /** Events whose JSON is whole in what a cut gzip still decompresses to (Python-free: zlib's own sync flush). */
    function wholeRecordsBeforeCut(cutGzip: Buffer): number {
      const text = gunzipSync(cutGzip, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
      return text
        .split("\n")
        .slice(1)
        .filter((line) => {
          try {
            JSON.parse(line.replace(/,$/, ""));
            return true;
          } catch {
            return false;
          }
        }).length;
    }

    test("an S3 .json.gz cut in half: the events before the cut are kept, and the cut is reported", async () => {
      const events = syntheticEvents(2000);
      const whole = gzip(s3RecordsText(events));
      const cut = whole.subarray(0, Math.floor(whole.length / 2));
      const kept = wholeRecordsBeforeCut(cut);
      expect(kept).toBeGreaterThan(100);
      expect(kept).toBeLessThan(2000);
      const upload = await ingest(harness, "111122223333_CloudTrail_us-east-1_cut.json.gz", cut);
      expect(counts(upload)).toEqual({
        status: "done",
        parsed: kept,
        inserted: kept,
        duplicate: 0,
        rejected: 0,
        errors: 1,
      });
      expect(errorsOf(upload)).toEqual([
        {
          where: "111122223333_CloudTrail_us-east-1_cut.json",
          message: "the compressed data is cut short (truncated gzip): the records read before the cut were kept",
        },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(events.slice(0, kept)));
    });

    test("a plain JSON file cut short: the records before the cut are kept, and where it was cut is said", async () => {
      const events = syntheticEvents(10);
      const text = s3RecordsText(events);
      const upload = await ingest(harness, "cut.json", text.slice(0, text.indexOf(events[7]?.eventID as string)));
      expect(counts(upload)).toEqual({ status: "done", parsed: 7, inserted: 7, duplicate: 0, rejected: 0, errors: 1 });
      expect(errorsOf(upload)).toEqual([
        {
          where: "cut.json: after record 8",
          message: "the file ends inside the JSON (cut short): the records before the cut were kept",
        },
      ]);
    });

    test("a small S3 .json.gz cut short: its events before the cut are kept, and the cut reported", async () => {
      const events = syntheticEvents(40);
      const whole = gzip(s3RecordsText(events));
      const cut = whole.subarray(0, Math.floor(whole.length * 0.7));
      const kept = wholeRecordsBeforeCut(cut);
      expect(kept).toBeGreaterThan(0);
      const upload = await ingestWithin(harness, "small-cut.json.gz", cut, 10_000);
      expect(counts(upload)).toEqual({
        status: "done",
        parsed: kept,
        inserted: kept,
        duplicate: 0,
        rejected: 0,
        errors: 1,
      });
      expect(errorsOf(upload)[0]?.message).toMatch(/cut short/);
    });

    test("a small cut .json.gz inside a zip: reported on that entry, the entries after it still read", async () => {
      const [a, b, c] = [syntheticEvents(2), syntheticEvents(40), syntheticEvents(3)];
      const whole = gzip(s3RecordsText(b));
      const upload = await ingest(
        harness,
        "cut-inside.zip",
        zipArchive([
          { name: "a.json", data: s3RecordsText(a) },
          { name: "b.json.gz", data: whole.subarray(0, Math.floor(whole.length / 2)), method: "store" },
          { name: "c.json", data: s3RecordsText(c) },
        ]),
      );
      expect(errorsOf(upload)).toEqual([
        { where: "cut-inside.zip/b.json", message: expect.stringMatching(/cut short/) },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(expect.arrayContaining(idsOf([...a, ...c])));
    });
  });

  describe("malformed records", () => {
    test("in a Records array: each skipped with its position, the rest kept, counts exact", async () => {
      const events = syntheticEvents(6);
      const records: (CloudTrailEvent | string)[] = [
        events[0] as CloudTrailEvent,
        '{"eventID":"bad-1","eventName":"ListModels","eventTime":tru}',
        events[1] as CloudTrailEvent,
        events[2] as CloudTrailEvent,
        '{"eventID":"bad-2",,"eventName":"x"}',
        { eventName: "ListModels", eventTime: "2026-01-01T00:00:00Z" },
        events[3] as CloudTrailEvent,
        '{"eventID":"bad-3" "eventName":"x"}',
        events[4] as CloudTrailEvent,
        events[5] as CloudTrailEvent,
      ];
      const upload = await ingest(harness, "malformed.json", s3RecordsText(records));
      expect(counts(upload)).toEqual({ status: "done", parsed: 6, inserted: 6, duplicate: 0, rejected: 4, errors: 4 });
      expect(errorsOf(upload)).toEqual([
        { where: "malformed.json: record 2", message: expect.stringMatching(/^malformed JSON \(/) },
        { where: "malformed.json: record 5", message: expect.stringMatching(/^malformed JSON \(/) },
        { where: "malformed.json: record 6", message: "the record has no eventID" },
        { where: "malformed.json: record 8", message: expect.stringMatching(/^malformed JSON \(/) },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(events));
    });

    test("nested past 64 levels (100,000 here): rejected with a message, the rest kept (issue 15, finding 6)", async () => {
      const events = syntheticEvents(3);
      const deep = (id: string, levels: number) =>
        `{"eventID":"${id}","eventName":"ListModels","eventTime":"2026-01-01T00:00:00Z","eventSource":"bedrock.amazonaws.com",` +
        `"requestParameters":${'{"a":'.repeat(levels)}1${"}".repeat(levels)}}`;
      const records: (CloudTrailEvent | string)[] = [
        events[0] as CloudTrailEvent,
        deep("deep-100000", 100_000),
        events[1] as CloudTrailEvent,
        deep("deep-64", 64),
        events[2] as CloudTrailEvent,
      ];
      const upload = await ingest(harness, "deep.json", s3RecordsText(records));
      expect(counts(upload)).toEqual({ status: "done", parsed: 3, inserted: 3, duplicate: 0, rejected: 2, errors: 2 });
      expect(errorsOf(upload)).toEqual([
        { where: "deep.json: record 2", message: "the record nests more than 64 levels deep" },
        { where: "deep.json: record 4", message: "the record nests more than 64 levels deep" },
      ]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(events));
      // 62 levels under requestParameters (64 with the record and requestParameters) is still an event.
      const fits = await ingest(harness, "fits.json", s3RecordsText([deep(`fits-${uniquePrefix()}`, 62)]));
      expect(counts(fits)).toEqual({ status: "done", parsed: 1, inserted: 1, duplicate: 0, rejected: 0, errors: 0 });
    });

    test("in JSON Lines: each bad line skipped with its line number, the rest kept", async () => {
      const events = syntheticEvents(4);
      const text = jsonLinesText([events[0], "{oops", events[1], events[2], "", "not json at all", events[3]] as (
        | CloudTrailEvent
        | string
      )[]);
      const upload = await ingest(harness, "lines.jsonl", text);
      expect(counts(upload)).toEqual({ status: "done", parsed: 4, inserted: 4, duplicate: 0, rejected: 2, errors: 2 });
      expect(errorsOf(upload).map((error) => error.where)).toEqual(["lines.jsonl: line 2", "lines.jsonl: line 6"]);
      expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(events));
    });
  });

  describe("files that are not CloudTrail", () => {
    test.each([
      ["other.json", '{"foo":1}'],
      ["config.json", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow" }] }, null, 2)],
      ["people.csv", "name,email,team\nAda,ada@example.com,core\n"],
      ["notes.txt", "just some notes\nnothing to see\n"],
    ])("%s: failed, and the reason says it is not a CloudTrail export", async (name, content) => {
      const upload = await ingest(harness, name, content);
      expect(counts(upload)).toEqual({
        status: "failed",
        parsed: 0,
        inserted: 0,
        duplicate: 0,
        rejected: 0,
        errors: 1,
      });
      expect(upload.failureReason).toMatch(/^not a CloudTrail export: /);
      expect(errorsOf(upload)).toEqual([{ where: name, message: upload.failureReason }]);
    });

    // Spec mismatch, for the lead to decide: a JSON array of non-events is read as a bare array of
    // records, so the upload fails with "numbers.json: record 1: the record is not a JSON object" and
    // one error per element, rather than a reason that starts "not a CloudTrail export:". The same for
    // a Records key that is not an array: "x.json: not a CloudTrail export: …" (the where comes first).
    test("a JSON array of numbers: failed, the reason starts with 'not a CloudTrail export:'", async () => {
      const upload = await ingest(harness, "numbers.json", "[1, 2, 3]");
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toMatch(/^not a CloudTrail export: /);
    });

    test("a Records key that is not an array: failed, the reason starts with 'not a CloudTrail export:'", async () => {
      const upload = await ingest(harness, "records-string.json", '{"Records":"none here"}');
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toMatch(/^not a CloudTrail export: /);
    });

    test("a JSON array of numbers at least fails, and says why for each element", async () => {
      const upload = await ingest(harness, "numbers.json", "[1, 2, 3]");
      expect(counts(upload)).toEqual({
        status: "failed",
        parsed: 0,
        inserted: 0,
        duplicate: 0,
        rejected: 3,
        errors: 3,
      });
      expect(upload.failureReason).toMatch(/not a JSON object/);
    });
  });

  describe("empty, binary and non-UTF-8 files", () => {
    test("an empty file fails at once", async () => {
      const upload = await ingest(harness, "empty.json", "");
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toBe("The file is empty.");
      expect(errorsOf(upload)).toEqual([{ where: "empty.json", message: "The file is empty." }]);
    });

    test("a file of white space fails and says so", async () => {
      const upload = await ingest(harness, "blank.json", " \n\t\n ");
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toBe("the file holds only white space");
    });

    test("random bytes fail as binary", async () => {
      const upload = await ingest(harness, "garbage.json.gz", binaryGarbage(200_000));
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toBe("not text: binary data, or text that is not UTF-8");
    });

    test.each([
      [
        "latin1.csv",
        Buffer.from(
          `${CONSOLE_CSV_HEADER}\r\n${consoleCsvRow({ ...syntheticEvent(uniquePrefix(), 1), userAgent: "Café" })}\r\n`,
          "latin1",
        ),
      ],
      [
        "latin1.json",
        Buffer.from(s3RecordsText([{ ...syntheticEvent(uniquePrefix(), 1), userAgent: "Señor" }]), "latin1"),
      ],
    ])(
      "a small Latin-1 file (%s) fails: its one record is not UTF-8, and the reason says so",
      async (name, content) => {
        const upload = await ingest(harness, name, content);
        expect(counts(upload)).toEqual({
          status: "failed",
          parsed: 0,
          inserted: 0,
          duplicate: 0,
          rejected: 1,
          errors: 1,
        });
        expect(upload.failureReason).toMatch(/not valid UTF-8/);
      },
    );

    // Where the bad bytes are must not matter: a bad record in the first 100 KB cost the whole file once
    // ("not text"), further in only itself.
    test.each([
      ["first", 0],
      ["middle", 250],
      ["last", 499],
    ])("a record with invalid UTF-8 as the %s of 500: only it is rejected, the rest stored", async (_, bad) => {
      const prefix = uniquePrefix();
      const records = Array.from({ length: 500 }, (__, i) => JSON.stringify(syntheticEvent(prefix, i)));
      const broken = records[bad] as string;
      const at = broken.indexOf("aws-cli");
      const content = Buffer.concat([
        Buffer.from(
          `{"Records":[${records
            .slice(0, bad)
            .map((r) => `${r},`)
            .join("")}${broken.slice(0, at)}`,
        ),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(
          `${broken.slice(at)}${records
            .slice(bad + 1)
            .map((r) => `,${r}`)
            .join("")}]}`,
        ),
      ]);
      const upload = await ingest(harness, `bad-utf8-${bad}.json`, content);
      expect(counts(upload)).toEqual({
        status: "done",
        parsed: 499,
        inserted: 499,
        duplicate: 0,
        rejected: 1,
        errors: 1,
      });
      expect(errorsOf(upload)[0]?.message).toBe("not valid UTF-8");
    });

    test("a file mostly of bytes that are not UTF-8 still fails as not text", async () => {
      const text = Buffer.from(s3RecordsText(syntheticEvents(20)), "utf8");
      // Every tenth byte replaced by one that is never valid UTF-8.
      for (let i = 0; i < text.length; i += 10) text[i] = 0xff;
      const upload = await ingest(harness, "mostly-binary.json", text);
      expect(upload.status).toBe("failed");
      expect(upload.failureReason).toBe("not text: binary data, or text that is not UTF-8");
    });
  });

  test("a zip as macOS and S3 leave it: events read, the rest listed as skipped with reasons", async () => {
    const prefix = uniquePrefix();
    const day = (d: number) => `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/0${d}`;
    const files = [1, 2, 3].map((d) => ({
      name: `${day(d)}/111122223333_CloudTrail_us-east-1_2026010${d}T0000Z_abc.json.gz`,
      events: Array.from({ length: 5 * d }, (_, i) => syntheticEvent(prefix, d * 100 + i)),
    }));
    const digest =
      "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/111122223333_CloudTrail-Digest_us-east-1_x.json.gz";
    const upload = await ingest(
      harness,
      "export.zip",
      zipArchive([
        { name: "AWSLogs/", data: "" },
        ...files.map((file) => ({ name: file.name, data: gzip(s3RecordsText(file.events)), method: "store" as const })),
        { name: digest, data: gzip(digestText()), method: "store" },
        { name: "__MACOSX/", data: "" },
        { name: `__MACOSX/${day(1)}/._x.json.gz`, data: Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]) },
        { name: ".DS_Store", data: Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]) },
        { name: "AWSLogs/.DS_Store", data: Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]) },
        { name: "README.txt", data: "Exported from the trail bucket\nby the security team\n" },
      ]),
    );
    const all = files.flatMap((file) => file.events);
    expect(counts(upload)).toEqual({ status: "done", parsed: 30, inserted: 30, duplicate: 0, rejected: 0, errors: 0 });
    expect(await storedEventIds(harness, upload.id)).toEqual(idsOf(all));
    expect(skippedOf(upload)).toEqual(
      expect.arrayContaining([
        { path: `export.zip/${digest.replace(/\.gz$/, "")}`, reason: expect.stringContaining("digest") },
        { path: `export.zip/__MACOSX/${day(1)}/._x.json.gz`, reason: "macOS metadata, not a log file" },
        { path: "export.zip/.DS_Store", reason: "macOS metadata, not a log file" },
        { path: "export.zip/AWSLogs/.DS_Store", reason: "macOS metadata, not a log file" },
        { path: "export.zip/README.txt", reason: expect.stringMatching(/^not a CloudTrail export/) },
      ]),
    );
    expect(upload.skippedTotal).toBe(5);
    expect(upload.format).toMatch(/^zip: s3-records ×3/);
  });

  test.each([
    ["mixed.tar.gz", true, /^tar\.gz: /],
    ["mixed.tar", false, /^(tar|files): /],
  ])("%s of S3 gzip, console CSV and JSON Lines: all read, the formats listed", async (name, compressed, container) => {
    const [s3, csv, lines] = [syntheticEvents(7), syntheticEvents(5), syntheticEvents(4)];
    const tar = await tarArchive([
      { name: "export/", type: "directory" },
      { name: "export/AWSLogs/111122223333_CloudTrail_us-east-1_x.json.gz", data: gzip(s3RecordsText(s3)) },
      { name: "export/console/event_history.csv", data: consoleCsvText(csv) },
      { name: "export/siem/cloudtrail.jsonl", data: jsonLinesText(lines) },
    ]);
    const upload = await ingest(harness, name, compressed ? gzip(tar) : tar);
    expect(counts(upload)).toEqual({ status: "done", parsed: 16, inserted: 16, duplicate: 0, rejected: 0, errors: 0 });
    expect(await storedEventIds(harness, upload.id)).toEqual(idsOf([...s3, ...csv, ...lines]));
    expect(upload.filesRead).toBe(3);
    expect(upload.format).toMatch(container);
    for (const format of ["s3-records", "console-csv", "json-lines"]) expect(upload.format).toContain(format);
  });

  describe("the steps after each batch (detection's hook)", () => {
    let unregister: (() => void) | null = null;
    afterEach(() => {
      unregister?.();
      unregister = null;
    });

    test("sees each new event exactly once: the same file uploaded twice gives it nothing the second time", async () => {
      const seen = new Map<string, string[]>();
      const done: string[] = [];
      unregister = (harness.worker ?? (await harness.startWorker())).addStep({
        name: "test-recorder",
        async onBatch(_tx, batch: StoredBatch) {
          seen.set(batch.uploadId, [...(seen.get(batch.uploadId) ?? []), ...batch.events.map((e) => e.eventKey)]);
        },
        async onUploadDone(uploadId) {
          done.push(uploadId);
        },
      });
      const events = syntheticEvents(300);
      const file = await fileNamed("twice.json", s3RecordsText(events));
      const [firstId] = await harness.upload([file]);
      const [first] = await harness.waitForUploads([firstId as string]);
      const [secondId] = await harness.upload([file]);
      const [second] = await harness.waitForUploads([secondId as string]);

      const firstKeys = seen.get(firstId as string) ?? [];
      expect(firstKeys).toHaveLength(300);
      expect(new Set(firstKeys).size).toBe(300);
      expect(seen.get(secondId as string) ?? []).toEqual([]);
      expect(counts(first as Upload)).toMatchObject({ status: "done", inserted: 300, duplicate: 0 });
      expect(counts(second as Upload)).toMatchObject({ status: "done", inserted: 0, duplicate: 300 });
      expect(done.filter((uploadId) => uploadId === firstId || uploadId === secondId)).toEqual([firstId, secondId]);
    });

    test("a step that throws rolls its batch back and the job retries: nothing half stored, nothing twice", async () => {
      const calls: { uploadId: string; keys: string[]; threw: boolean }[] = [];
      let failuresLeft = 1;
      const prefix = uniquePrefix();
      const events = Array.from({ length: 120 }, (_, i) => syntheticEvent(prefix, i));
      unregister = (harness.worker ?? (await harness.startWorker())).addStep({
        name: "test-flaky",
        async onBatch(tx: pg.ClientBase, batch: StoredBatch) {
          if (!batch.events.some((event) => event.eventId.startsWith(prefix))) return;
          // The step works in the batch's transaction, as a real one does.
          await tx.query("SELECT count(*) FROM events WHERE upload_id = $1", [batch.uploadId]);
          const threw = failuresLeft > 0;
          calls.push({ uploadId: batch.uploadId, keys: batch.events.map((e) => e.eventKey), threw });
          if (threw) {
            failuresLeft--;
            throw new Error("detection step failed");
          }
        },
        async onUploadDone() {},
      });
      const [id] = await harness.upload([await fileNamed("flaky.json", s3RecordsText(events))]);

      // Right after the failure: none of the batch's events or progress is visible, and the upload is not
      // failed. (That nothing is left over once it rolled back shows in the exact counts at the end.)
      const deadline = Date.now() + 30_000;
      while (!calls.some((call) => call.threw) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(calls.filter((call) => call.threw)).toHaveLength(1);
      const between = await harness.db.upload.findUniqueOrThrow({ where: { id: id as string } });
      expect(between.status).toBe("processing");
      expect(between.eventsParsed).toBe(0);
      expect(between.eventsInserted).toBe(0);
      expect(between.recordsDone).toBe(0n);
      expect(await harness.db.event.count({ where: { uploadId: id as string } })).toBe(0);
      expect(await harness.db.rawChunk.count({ where: { uploadId: id as string } })).toBe(0);

      const [upload] = await harness.waitForUploads([id as string], 60_000);
      expect(counts(upload as Upload)).toEqual({
        status: "done",
        parsed: 120,
        inserted: 120,
        duplicate: 0,
        rejected: 0,
        errors: 0,
      });
      expect(upload?.attempts).toBe(2);
      expect(await storedEventIds(harness, id as string)).toEqual(idsOf(events));
      const committed = calls.filter((call) => !call.threw).flatMap((call) => call.keys);
      expect(committed).toHaveLength(120);
      expect(new Set(committed).size).toBe(120);
      const chunks = await harness.db.rawChunk.aggregate({
        where: { uploadId: id as string },
        _sum: { eventCount: true },
      });
      expect(chunks._sum.eventCount).toBe(120);
    }, 90_000);
  });
});

describe("with small limits (1 MiB uploads, 8 MiB decompressed)", () => {
  const limits: IngestLimits = { ...testLimits, maxUploadBytes: MiB, maxExpandedBytes: 8 * MiB };
  let harness: IngestHarness;
  beforeAll(async () => {
    harness = await createIngestHarness(limits);
  });
  afterAll(async () => {
    await harness?.close();
  });

  test("an upload over the size limit fails at once naming the limit, keeps no bytes; the next upload is read", async () => {
    const events = syntheticEvents(5);
    const tooLarge = await fileNamed("huge.json", s3RecordsText(syntheticEvents(2000)));
    const fine = await fileNamed("fine.json", s3RecordsText(events));
    const ids = (await harness.upload([tooLarge, fine])) as [string, string];
    const [large, small] = (await harness.waitForUploads(ids)) as [Upload, Upload];
    expect(large.status).toBe("failed");
    expect(large.failureReason).toBe("The file is larger than the 1 MiB upload limit (MAX_UPLOAD_MB).");
    expect(errorsOf(large)).toEqual([{ where: "huge.json", message: large.failureReason }]);
    expect(large.bytesTotal).toBeGreaterThan(BigInt(MiB));
    expect(existsSync(path.join(harness.dataDir, large.storedPath))).toBe(false);
    expect(existsSync(`${path.join(harness.dataDir, large.storedPath)}.part`)).toBe(false);
    expect(counts(small)).toMatchObject({ status: "done", parsed: 5, inserted: 5 });
  });

  test("a gzip bomb stops at the decompressed-size limit, with a message naming it; events before it kept", async () => {
    const before = syntheticEvents(2);
    const upload = await ingest(harness, "bomb.json.gz", gzipBomb(100 * MiB, before));
    expect(counts(upload)).toEqual({ status: "done", parsed: 2, inserted: 2, duplicate: 0, rejected: 0, errors: 1 });
    expect(errorsOf(upload)).toEqual([
      {
        where: "bomb.json",
        message: "bomb.json.gz: decompressed data passed the 8 MiB limit for one upload; reading stopped there",
      },
    ]);
  });
});

describe("a worker in its own process, given a CSV with a Latin-1 row past its first MiB", () => {
  let harness: IngestHarness;
  let queue: PgBoss;
  let worker: RunningChild | null = null;
  beforeAll(async () => {
    harness = await createIngestHarness(testLimits);
    queue = await startQueue(harness.database.url, { worker: false });
  });
  afterAll(async () => {
    if (worker) await killChild(worker);
    await queue?.stop({ graceful: false, close: true, wait: true, timeout: 2000 }).catch(() => {});
    await harness?.close();
  });

  test("the worker survives; the row is reported by position and the other rows are stored", async () => {
    worker = startTs("tests/support/worker-child.ts", [], {
      TT_WORKER_URL: harness.database.url,
      TT_WORKER_DATA_DIR: harness.dataDir,
      TT_LIMITS: JSON.stringify(testLimits),
    });
    await worker.waitForLine("ready");
    const prefix = uniquePrefix();
    const rows = Array.from({ length: 6000 }, (_, i) => syntheticEvent(prefix, i));
    const csv = Buffer.concat([
      Buffer.from(`${CONSOLE_CSV_HEADER}\r\n`),
      ...rows.map((event, i) =>
        i === 4999
          ? Buffer.from(`${consoleCsvRow({ ...event, userAgent: "Café" })}\r\n`, "latin1")
          : Buffer.from(`${consoleCsvRow(event)}\r\n`),
      ),
    ]);
    const accepted = await acceptUpload(createReadStream(await fileNamed("event_history.csv", csv)), {
      db: harness.db,
      queue,
      dataDir: harness.dataDir,
      maxUploadBytes: testLimits.maxUploadBytes,
      filename: "event_history.csv",
      origin: "cli",
      actor: systemActor("test"),
    });
    const running = worker;
    const finished = harness.waitForUploads([accepted.id], 30_000).then(
      ([upload]) => ({ upload: upload as Upload }),
      (error: Error) => ({ error }),
    );
    const outcome = await Promise.race([finished, running.exited.then(() => ({ exited: true }) as const)]);
    expect("upload" in outcome, `the worker died; its output:\n${running.output()}`).toBe(true);
    const { upload } = (await finished) as { upload: Upload };
    expect(counts(upload)).toMatchObject({ status: "done", parsed: 5999, rejected: 1 });
    expect(errorsOf(upload)[0]?.where).toMatch(/row 5000/);
  }, 60_000);
});
