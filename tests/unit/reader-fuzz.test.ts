import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeEvent } from "@/lib/cloudtrail/normalize";
import { type ExpandContext, LimitError, NotCloudTrailError } from "@/lib/ingest/archive-guards";
import { readUploadFile } from "@/lib/ingest/expand";
import type { IngestLimits } from "@/lib/ingest/limits";
import type { IngestItem } from "@/lib/ingest/readers";
import {
  consoleCsvText,
  gzip,
  jsonLinesText,
  s3RecordsText,
  syntheticEvents,
  tarArchive,
  tempFolder,
  zipArchive,
} from "@/tests/support/fixtures";

// Issue 15, "Prove it: fuzzing". Every reader, through the same entry the worker uses (readUploadFile: format
// detection, decompression, archives, each text format), given random bytes, random JSON and mutated real
// files: it never crashes or hangs, its memory stays bounded, and every outcome is a stored event or a named
// rejection (a rejected record, a file problem or skip with a message, or the upload refused as not
// CloudTrail or over a limit). The normaliser, given any value, returns an event or a reason.

const MiB = 1024 * 1024;
const limits: IngestLimits = {
  maxUploadBytes: 16 * MiB,
  maxExpandedBytes: 32 * MiB,
  maxExpansionRatio: 200,
  maxRecordBytes: 256 * 1024,
  maxArchiveEntries: 200,
  maxErrorsKept: 100,
  maxSkippedKept: 100,
};
/** The longest one input may take: "no hang over 5 s". */
const PER_INPUT_MS = 5000;
let folder: Awaited<ReturnType<typeof tempFolder>>;
let written = 0;

beforeAll(async () => {
  folder = await tempFolder("fuzz");
});
afterAll(async () => {
  await folder?.remove();
});

type Outcome = { kind: "items"; items: IngestItem[] } | { kind: "refused"; message: string };

async function readBytes(name: string, bytes: Buffer): Promise<Outcome> {
  const file = await folder.write(`${written++}-${name}`, bytes);
  const context: ExpandContext = {
    limits,
    bytesRead: 0,
    expandedBytes: 0,
    entries: 0,
    tmpDir: `${folder.dir}/tmp`,
  };
  const items: IngestItem[] = [];
  const reading = (async (): Promise<Outcome> => {
    try {
      for await (const item of readUploadFile(file, name, context)) items.push(item);
      return { kind: "items", items };
    } catch (error) {
      // The two ways an upload as a whole is refused, each with a message the user sees.
      if (error instanceof NotCloudTrailError || error instanceof LimitError) {
        return { kind: "refused", message: error.message };
      }
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading ${name} took over ${PER_INPUT_MS} ms`)), PER_INPUT_MS);
  });
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every outcome named: an event with a key and a time, or a rejection or problem that says where and why. */
function expectNamed(outcome: Outcome): void {
  if (outcome.kind === "refused") {
    expect(outcome.message.length).toBeGreaterThan(0);
    return;
  }
  for (const item of outcome.items) {
    switch (item.kind) {
      case "event":
        expect(item.event.eventKey.length).toBeGreaterThan(0);
        expect(Number.isNaN(item.event.eventTime.getTime())).toBe(false);
        expect(typeof item.raw).toBe("string");
        break;
      case "reject":
      case "problem":
        expect(item.where.length).toBeGreaterThan(0);
        expect(item.message.length).toBeGreaterThan(0);
        break;
      case "skip":
        expect(item.reason.length).toBeGreaterThan(0);
        break;
      case "file":
        expect(item.format.length).toBeGreaterThan(0);
        break;
      default:
        throw new Error(`an item of no known kind: ${JSON.stringify(item)}`);
    }
  }
}

const names = fc.constantFrom(
  "upload.json",
  "upload.json.gz",
  "upload.jsonl",
  "upload.csv",
  "upload.zip",
  "upload.tar.gz",
);

/** A real-looking file of each format, for the mutations to start from. */
async function seeds(): Promise<{ name: string; bytes: Buffer }[]> {
  const events = syntheticEvents(6);
  const s3 = s3RecordsText(events);
  return [
    { name: "trail.json", bytes: Buffer.from(s3) },
    { name: "trail.json.gz", bytes: gzip(s3) },
    { name: "lines.jsonl", bytes: Buffer.from(jsonLinesText(events)) },
    { name: "history.csv", bytes: Buffer.from(consoleCsvText(events)) },
    {
      name: "lookup.json",
      bytes: Buffer.from(JSON.stringify({ Events: events.map((e) => ({ CloudTrailEvent: JSON.stringify(e) })) })),
    },
    {
      name: "logs.zip",
      bytes: zipArchive([
        { name: "a.json", data: s3 },
        { name: "b.json.gz", data: gzip(s3) },
      ]),
    },
    { name: "logs.tar.gz", bytes: gzip(await tarArchive([{ name: "AWSLogs/a.json", data: Buffer.from(s3) }])) },
  ];
}

/** Byte-level damage: flips, cuts, insertions and repeated slices, as a bad disk or a bad copy makes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.nat({ max: 2048 }),
    times: fc.integer({ min: 2, max: 20 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === "flip" && out.length > 0) out[at] = m.value ?? 0;
    else if (m.kind === "cut") out = out.subarray(0, at);
    else if (m.kind === "insert")
      out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes ?? []), out.subarray(at)]);
    else if (m.kind === "repeat") {
      const slice = out.subarray(at, at + (m.length ?? 0));
      out = Buffer.concat([out.subarray(0, at), ...Array.from({ length: m.times }, () => slice), out.subarray(at)]);
    }
  }
  return out;
}

describe("fuzzing the readers and the normaliser", { timeout: 240_000 }, () => {
  const rssBefore = process.memoryUsage().rss;

  it("random bytes: named outcomes only, never a crash or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(names, fc.uint8Array({ maxLength: 16 * 1024 }), async (name, bytes) => {
        expectNamed(await readBytes(name, Buffer.from(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it("random JSON as each JSON format: each element is an event or a rejection, and they add up", async () => {
    const element = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
      {
        weight: 2,
        arbitrary: fc.record(
          {
            eventID: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
            eventName: fc.oneof(fc.constantFrom("ListFoundationModels", "ListModels"), fc.string(), fc.constant(null)),
            eventTime: fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              fc.string(),
              fc.integer(),
            ),
            eventSource: fc.oneof(fc.constant("bedrock.amazonaws.com"), fc.string()),
            sourceIPAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
            userIdentity: fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.record({ type: fc.string(), accessKeyId: fc.string(), arn: fc.string() }),
            ),
            errorCode: fc.oneof(fc.constant("AccessDenied"), fc.string(), fc.constant(null)),
          },
          { requiredKeys: [] },
        ),
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(element, { maxLength: 40 }),
        fc.constantFrom("records", "lines"),
        async (elements, shape) => {
          const text =
            shape === "records"
              ? JSON.stringify({ Records: elements })
              : `${elements.map((e) => JSON.stringify(e)).join("\n")}\n`;
          const outcome = await readBytes(shape === "records" ? "random.json" : "random.jsonl", Buffer.from(text));
          expectNamed(outcome);
          // Counted where the file was read as the shape written (a lone line "[]" is, rightly, an empty array).
          const format = outcome.kind === "items" ? outcome.items.find((item) => item.kind === "file") : undefined;
          if (
            outcome.kind === "items" &&
            format?.kind === "file" &&
            format.format === (shape === "records" ? "s3-records" : "json-lines")
          ) {
            const counted = outcome.items.filter((item) => item.kind === "event" || item.kind === "reject").length;
            expect(counted).toBe(elements.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("mutated real files of every format (and archives): named outcomes only", async () => {
    const files = await seeds();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (seed, mutations) => {
          expectNamed(await readBytes(seed.name, mutate(seed.bytes, mutations)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("the normaliser returns an event or a reason for any value, and never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 5 })), (value) => {
        const result = normalizeEvent(value);
        if (result.ok) expect(result.event.eventKey.length).toBeGreaterThan(0);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("kept its memory bounded over all of the above", () => {
    const grownMiB = (process.memoryUsage().rss - rssBefore) / MiB;
    expect(grownMiB).toBeLessThan(512);
  });
});
