import { afterAll, beforeAll, describe, expect, it, test } from "vitest";
import type { TextFormat } from "@/lib/cloudtrail/detect-format";
import { normalizeEvent } from "@/lib/cloudtrail/normalize";
import type { ExpandContext } from "@/lib/ingest/archive-guards";
import { readUploadFile } from "@/lib/ingest/expand";
import type { IngestLimits } from "@/lib/ingest/limits";
import { type IngestItem, readText } from "@/lib/ingest/readers";
import { runTsSync } from "@/tests/support/child-process";
import {
  type CloudTrailEvent,
  CONSOLE_CSV_HEADER,
  consoleCsvRow,
  consoleCsvText,
  digestText,
  gzip,
  jsonLinesText,
  s3RecordsText,
  syntheticEvent,
  syntheticEvents,
  tarArchive,
  tempFolder,
  uniquePrefix,
  zipArchive,
} from "@/tests/support/fixtures";

// What each reader makes of a file: the events in it, and every record it cannot take, with the
// record's position and why. A bad record never costs the records around it.

const MiB = 1024 * 1024;
const limits: IngestLimits = {
  maxUploadBytes: 64 * MiB,
  maxExpandedBytes: 256 * MiB,
  maxExpansionRatio: 200,
  maxRecordBytes: MiB,
  maxArchiveEntries: 1000,
  maxErrorsKept: 100,
  maxSkippedKept: 100,
};

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

async function collect(items: AsyncIterable<IngestItem>): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The items of `content` read as `format`, the same whatever the chunk size (checked for three sizes). */
async function read(
  content: string | Buffer,
  format: TextFormat,
  options: { path?: string; maxRecordBytes?: number } = {},
): Promise<IngestItem[]> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const context = { path: options.path ?? "upload.json", maxRecordBytes: options.maxRecordBytes ?? MiB };
  const runs = [];
  for (const size of [bytes.length || 1, 4096, 7])
    runs.push(await collect(readText(chunksOf(bytes, size), format, context)));
  const [whole, ...others] = runs;
  for (const other of others) expect(summarise(other)).toEqual(summarise(whole as IngestItem[]));
  return whole as IngestItem[];
}

/** Items as a user would see them: events by position and eventID, everything else whole. */
function summarise(items: readonly IngestItem[]) {
  return items.map((item) => (item.kind === "event" ? { event: item.event.eventId, where: item.where } : item));
}

const events = (items: readonly IngestItem[]) => items.flatMap((item) => (item.kind === "event" ? [item] : []));
const eventIds = (items: readonly IngestItem[]) => events(items).map((item) => item.event.eventId);
const notEvents = (items: readonly IngestItem[]) => items.filter((item) => item.kind !== "event");
const idsOf = (list: readonly CloudTrailEvent[]) => list.map((event) => event.eventID as string);

describe("readText: each export format yields its events", () => {
  const sample = syntheticEvents(5);

  it("S3 delivery file: every record, numbered, kept as its own text", async () => {
    const items = await read(s3RecordsText(sample), "s3-records", { path: "a.json" });
    expect(summarise(items)).toEqual(
      sample.map((event, i) => ({ event: event.eventID, where: `a.json: record ${i + 1}` })),
    );
    expect(events(items).map((item) => JSON.parse(item.raw))).toEqual(sample);
    const first = events(items)[0]?.event;
    expect(first).toMatchObject({
      eventName: "ListModels",
      eventSource: "sagemaker.amazonaws.com",
      errorCode: "AccessDenied",
      principalArn: "arn:aws:iam::111122223333:user/user-0",
      accessKeyId: "AKIAEXAMPLE000000000",
      recipientAccountId: "111122223333",
      eventKey: `111122223333:${sample[0]?.eventID}`,
    });
    expect(first?.credential.type).toBe("long_term_key");
  });

  it("lookup-events output: each CloudTrailEvent string is the event", async () => {
    const document = JSON.stringify({
      Events: sample.map((event) => ({
        EventId: event.eventID,
        EventName: event.eventName,
        ReadOnly: "true",
        EventTime: 1767225600,
        Resources: [],
        CloudTrailEvent: JSON.stringify(event),
      })),
      NextToken: "Events",
    });
    const items = await read(document, "lookup-events");
    expect(eventIds(items)).toEqual(idsOf(sample));
    expect(events(items).map((item) => item.raw)).toEqual(sample.map((event) => JSON.stringify(event)));
  });

  it("CloudTrail Lake query results: rows of one-key objects, every value a string", async () => {
    // GetQueryResults: QueryResultRows is a list of rows, each a list of {column: value} with string values.
    const row = (event: CloudTrailEvent, i: number) => [
      { eventID: event.eventID },
      { eventTime: `2026-01-02 03:04:0${i}.000` },
      { eventSource: event.eventSource },
      { eventName: event.eventName },
      { awsRegion: "eu-west-1" },
      { sourceIPAddress: "198.51.100.7" },
      { errorCode: "AccessDeniedException" },
      { recipientAccountId: "111122223333" },
      { readOnly: "true" },
      { "userIdentity.type": "IAMUser" },
      { "userIdentity.arn": "arn:aws:iam::111122223333:user/lake-user" },
      { "userIdentity.accessKeyId": "AKIAEXAMPLELAKE00001" },
      { requestParameters: '{"maxResults":10,"nameContains":"]}"}' },
    ];
    const document = JSON.stringify({
      QueryStatus: "FINISHED",
      QueryStatistics: { ResultsCount: 2, TotalResultsCount: 2, BytesScanned: 4096 },
      QueryResultRows: sample.slice(0, 2).map(row),
    });
    const items = await read(document, "lake-results", { path: "lake.json" });
    expect(summarise(items)).toEqual([
      { event: sample[0]?.eventID, where: "lake.json: record 1" },
      { event: sample[1]?.eventID, where: "lake.json: record 2" },
    ]);
    const first = events(items)[0];
    expect(first?.event).toMatchObject({
      eventTime: new Date("2026-01-02T03:04:00Z"),
      isTimeZoneAssumed: true,
      awsRegion: "eu-west-1",
      sourceIp: "198.51.100.7",
      errorCode: "AccessDeniedException",
      readOnly: true,
      principalType: "IAMUser",
      principalArn: "arn:aws:iam::111122223333:user/lake-user",
      accessKeyId: "AKIAEXAMPLELAKE00001",
    });
    expect(JSON.parse(first?.raw ?? "null").requestParameters).toEqual({ maxResults: 10, nameContains: "]}" });
  });

  it("CloudWatch Logs: each logEvents message is an event; one that is not JSON is rejected by position", async () => {
    const document = JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "111122223333",
      logGroup: "aws-cloudtrail-logs",
      logStream: "111122223333_CloudTrail_us-east-1",
      logEvents: [
        { id: "1", timestamp: 1767225600000, message: JSON.stringify(sample[0]) },
        { id: "2", timestamp: 1767225601000, message: "{not json" },
        { id: "3", timestamp: 1767225602000, message: JSON.stringify(sample[1]) },
      ],
    });
    const items = await read(document, "cloudwatch-logs", { path: "cw.json" });
    expect(summarise(items)).toEqual([
      { event: sample[0]?.eventID, where: "cw.json: record 1" },
      { kind: "reject", where: "cw.json: record 2", message: "its message is not JSON" },
      { event: sample[1]?.eventID, where: "cw.json: record 3" },
    ]);
  });

  it("EventBridge: the detail is the event, alone or in an array", async () => {
    const envelope = (event: CloudTrailEvent) => ({
      version: "0",
      id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.sagemaker",
      account: "111122223333",
      time: event.eventTime,
      region: "us-east-1",
      resources: [],
      detail: event,
    });
    const single = await read(JSON.stringify(envelope(sample[0] as CloudTrailEvent)), "eventbridge", {
      path: "eb.json",
    });
    expect(summarise(single)).toEqual([{ event: sample[0]?.eventID, where: "eb.json" }]);
    expect(JSON.parse(events(single)[0]?.raw ?? "null")).toEqual(sample[0]);
    const many = await read(JSON.stringify(sample.map(envelope)), "json-array");
    expect(eventIds(many)).toEqual(idsOf(sample));
  });

  it("a bare array and a single event", async () => {
    expect(eventIds(await read(JSON.stringify(sample, null, 2), "json-array"))).toEqual(idsOf(sample));
    const single = await read(JSON.stringify(sample[2], null, 2), "single-event", { path: "one.json" });
    expect(summarise(single)).toEqual([{ event: sample[2]?.eventID, where: "one.json" }]);
    // Pretty-printed events are stored on one line.
    expect(events(single)[0]?.raw).toBe(JSON.stringify(sample[2]));
  });

  it("JSON Lines: extra keys (@timestamp, p_*) change nothing; blank lines are skipped but still counted", async () => {
    const withExtras = sample.map((event) => ({
      ...event,
      "@timestamp": "2030-12-31T23:59:59Z",
      p_event_time: "2030-12-31 23:59:59.000000000",
      p_log_type: "AWS.CloudTrail",
      p_any_ip_addresses: ["203.0.113.1"],
      p_row_id: "abc",
    }));
    const text = `${JSON.stringify(withExtras[0])}\n\n${jsonLinesText(withExtras.slice(1))}`;
    const items = await read(text, "json-lines", { path: "p.jsonl" });
    expect(items.map((item) => item.kind === "event" && item.where)).toEqual([
      "p.jsonl: line 1",
      "p.jsonl: line 3",
      "p.jsonl: line 4",
      "p.jsonl: line 5",
      "p.jsonl: line 6",
    ]);
    const plain = sample.map((event) => {
      const result = normalizeEvent(event);
      if (!result.ok) throw new Error(result.reason);
      return result.event;
    });
    expect(events(items).map((item) => item.event)).toEqual(plain);
  });

  it("JSON Lines with Windows line ends and no final newline", async () => {
    const text = sample.map((event) => JSON.stringify(event)).join("\r\n");
    expect(eventIds(await read(text, "json-lines"))).toEqual(idsOf(sample));
  });

  it("console CSV: quoted cells with commas, Resources JSON with doubled quotes, a row per event", async () => {
    const rows = sample.map((event, i) =>
      i === 1 ? { ...event, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) "quoted", with commas' } : event,
    );
    const csv = consoleCsvText(rows);
    expect(csv).toContain('""resourceType"":""AWS::SageMaker::Model""');
    const items = await read(csv, "console-csv", { path: "event_history.csv" });
    expect(summarise(items)).toEqual(
      sample.map((event, i) => ({ event: event.eventID, where: `event_history.csv: row ${i + 1} (line ${i + 2})` })),
    );
    expect(events(items)[1]?.event).toMatchObject({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) "quoted", with commas',
      principalName: "user-1",
      accessKeyId: "AKIAEXAMPLE000000001",
      eventTime: new Date(rows[1]?.eventTime as string),
      readOnly: true,
      recipientAccountId: "111122223333",
    });
    expect(JSON.parse(JSON.parse(events(items)[0]?.raw ?? "{}").Resources)).toEqual([
      { resourceType: "AWS::SageMaker::Model", resourceName: `model-${String(sample[0]?.eventID).slice(-4)}` },
    ]);
  });

  it("console CSV, 2020 layout: local 12-hour times, read as UTC and said so", async () => {
    const csv = [
      "Event ID,Event time,User name,Event name,Resource type,Resources,AWS access key,AWS region,Error code,Source IP address",
      '2e7bd645-1f09-4903-8e5b-cc5de5a67ab2,"2020-05-13, 04:52:01 PM",root,ConsoleLogin,,,,us-east-1,,198.51.100.1',
      '1efc6e25-6b37-4239-8e5b-8a8f965ae0dd,"2020-05-08, 01:25:16 AM",alice,ListModels,,"[{""resourceType"":""AWS::SageMaker::Model"",""resourceName"":""m""}]",AKIAEXAMPLE000000042,us-east-1,AccessDenied,198.51.100.2',
    ].join("\n");
    const items = await read(csv, "console-csv-2020");
    expect(events(items).map((item) => [item.event.eventTime.toISOString(), item.event.isTimeZoneAssumed])).toEqual([
      ["2020-05-13T16:52:01.000Z", true],
      ["2020-05-08T01:25:16.000Z", true],
    ]);
    expect(events(items)[1]?.event).toMatchObject({ errorCode: "AccessDenied", accessKeyId: "AKIAEXAMPLE000000042" });
  });

  it("a digest file is skipped, and says why", async () => {
    expect(await read(digestText(), "digest", { path: "digest.json" })).toEqual([
      { kind: "skip", path: "digest.json", reason: expect.stringContaining("digest") },
    ]);
  });
});

describe("readText: bad records are skipped with their position, the rest kept", () => {
  const sample = syntheticEvents(6);

  it("malformed JSON records in the middle of a Records array", async () => {
    const records = [
      sample[0],
      '{"eventID":"bad-literal","eventName":"ListModels","eventTime":tru}',
      sample[1],
      '{"eventID":"trailing-comma","eventName":"ListModels",}',
      '{"eventID" "missing-colon"}',
      sample[2],
    ] as (CloudTrailEvent | string)[];
    const items = await read(s3RecordsText(records), "s3-records", { path: "mixed.json" });
    expect(eventIds(items)).toEqual(idsOf(sample.slice(0, 3)));
    expect(notEvents(items)).toEqual([
      { kind: "reject", where: "mixed.json: record 2", message: expect.stringMatching(/^malformed JSON/) },
      { kind: "reject", where: "mixed.json: record 4", message: expect.stringMatching(/^malformed JSON/) },
      { kind: "reject", where: "mixed.json: record 5", message: expect.stringMatching(/^malformed JSON/) },
    ]);
  });

  it("records that are JSON but not events say what is missing", async () => {
    const records = [
      sample[0],
      { eventName: "ListModels", eventTime: "2026-01-01T00:00:00Z" },
      { eventID: "no-name", eventTime: "2026-01-01T00:00:00Z" },
      { eventID: "bad-time", eventName: "ListModels", eventTime: "yesterday" },
      42,
      sample[1],
    ] as CloudTrailEvent[];
    const items = await read(JSON.stringify({ Records: records }), "s3-records", { path: "x.json" });
    expect(eventIds(items)).toEqual(idsOf(sample.slice(0, 2)));
    expect(notEvents(items)).toEqual([
      { kind: "reject", where: "x.json: record 2", message: "the record has no eventID" },
      { kind: "reject", where: "x.json: record 3", message: "the record has no eventName" },
      { kind: "reject", where: "x.json: record 4", message: 'eventTime "yesterday" is not a time' },
      { kind: "reject", where: "x.json: record 5", message: "the record is not a JSON object" },
    ]);
  });

  it("a bad line in JSON Lines", async () => {
    const text = jsonLinesText([sample[0], sample[1], '{"eventID": oops}', sample[2], "[1,2", sample[3]] as (
      | CloudTrailEvent
      | string
    )[]);
    const items = await read(text, "json-lines", { path: "l.jsonl" });
    expect(eventIds(items)).toEqual(idsOf(sample.slice(0, 4)));
    expect(notEvents(items)).toEqual([
      { kind: "reject", where: "l.jsonl: line 3", message: expect.stringMatching(/^malformed JSON/) },
      { kind: "reject", where: "l.jsonl: line 5", message: expect.stringMatching(/^malformed JSON/) },
    ]);
  });

  it("a console CSV row without an Event ID or with an unreadable time", async () => {
    const csv = [
      CONSOLE_CSV_HEADER,
      consoleCsvRow(sample[0] as CloudTrailEvent),
      consoleCsvRow({ ...sample[1], eventID: "" }),
      consoleCsvRow({ ...sample[2], eventTime: "not a time" }),
      consoleCsvRow(sample[3] as CloudTrailEvent),
    ].join("\r\n");
    const items = await read(csv, "console-csv", { path: "h.csv" });
    expect(eventIds(items)).toEqual([sample[0]?.eventID, sample[3]?.eventID]);
    expect(notEvents(items)).toEqual([
      { kind: "reject", where: "h.csv: row 2 (line 3)", message: "the row has no Event ID" },
      { kind: "reject", where: "h.csv: row 3 (line 4)", message: 'Event time "not a time" is not a time' },
    ]);
  });

  it("a record that is not UTF-8 is rejected; its neighbours are kept", async () => {
    const latin1 = Buffer.from(JSON.stringify({ ...sample[1], userAgent: "café-client" }), "latin1");
    const document = Buffer.concat([
      Buffer.from(`{"Records":[${JSON.stringify(sample[0])},`),
      latin1,
      Buffer.from(`,${JSON.stringify(sample[2])}]}`),
    ]);
    const items = await read(document, "s3-records", { path: "l1.json" });
    expect(eventIds(items)).toEqual([sample[0]?.eventID, sample[2]?.eventID]);
    expect(notEvents(items)).toEqual([{ kind: "reject", where: "l1.json: record 2", message: "not valid UTF-8" }]);

    const lines = Buffer.concat([
      Buffer.from(jsonLinesText([sample[0] as CloudTrailEvent])),
      latin1,
      Buffer.from(`\n${JSON.stringify(sample[2])}\n`),
    ]);
    const lineItems = await read(lines, "json-lines", { path: "l1.jsonl" });
    expect(eventIds(lineItems)).toEqual([sample[0]?.eventID, sample[2]?.eventID]);
    expect(notEvents(lineItems)).toEqual([{ kind: "reject", where: "l1.jsonl: line 2", message: "not valid UTF-8" }]);
  });

  it("a record over the record limit is rejected with its position; the rest are kept", async () => {
    const big = { ...sample[1], requestParameters: { blob: "x".repeat(3 * MiB) } };
    const items = await read(s3RecordsText([sample[0], big, sample[2]] as CloudTrailEvent[]), "s3-records", {
      path: "big.json",
    });
    expect(eventIds(items)).toEqual([sample[0]?.eventID, sample[2]?.eventID]);
    expect(notEvents(items)).toEqual([
      { kind: "reject", where: "big.json: record 2", message: "the record is 3 MiB, over the 1 MiB record limit" },
    ]);
    const lines = await read(jsonLinesText([sample[0], big, sample[2]] as CloudTrailEvent[]), "json-lines", {
      path: "big.jsonl",
    });
    expect(eventIds(lines)).toEqual([sample[0]?.eventID, sample[2]?.eventID]);
    expect(notEvents(lines)).toEqual([
      { kind: "reject", where: "big.jsonl: line 2", message: expect.stringContaining("over the 1 MiB record limit") },
    ]);
  });

  test("the oversize message tells the record's size apart from the limit", async () => {
    const justOver = { ...sample[1], requestParameters: { blob: "x".repeat(MiB + 40 * 1024) } };
    const items = await read(s3RecordsText([sample[0], justOver] as CloudTrailEvent[]), "s3-records");
    const message = (notEvents(items)[0] as { message: string }).message;
    const [, size, limit] = /the record is (.+), over the (.+) record limit/.exec(message) ?? [];
    expect(size).toBeDefined();
    expect(size).not.toBe(limit);
  });

  it("a file cut inside the array keeps the records before the cut and says where it was cut", async () => {
    const text = s3RecordsText(sample);
    const cut = text.slice(0, text.indexOf(String(sample[3]?.eventID)));
    const items = await read(cut, "s3-records", { path: "cut.json" });
    expect(eventIds(items)).toEqual(idsOf(sample.slice(0, 3)));
    expect(notEvents(items)).toEqual([
      {
        kind: "problem",
        where: "cut.json: after record 4",
        message: "the file ends inside the JSON (cut short): the records before the cut were kept",
      },
    ]);
  });

  it("a Records key only inside a nested object is not an export", async () => {
    const document = JSON.stringify({ meta: { Records: [sample[0]] }, note: '"Records":[' });
    expect(await read(document, "s3-records", { path: "n.json" })).toEqual([
      { kind: "problem", where: "n.json", message: 'not a CloudTrail export: no "Records" array' },
    ]);
  });
});

describe("readUploadFile: each file is recognised by its content and read", () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    folder = await tempFolder("readers");
  });
  afterAll(async () => {
    await folder?.remove();
  });

  async function readFile(name: string, content: string | Buffer, overrides: Partial<IngestLimits> = {}) {
    const file = await folder.write(`${uniquePrefix()}-${name}`, content);
    const context: ExpandContext = {
      limits: { ...limits, ...overrides },
      bytesRead: 0,
      expandedBytes: 0,
      entries: 0,
      tmpDir: `${folder.dir}/tmp`,
    };
    return collect(readUploadFile(file, name, context));
  }

  const prefix = uniquePrefix();
  const sample = Array.from({ length: 4 }, (_, i) => syntheticEvent(prefix, i));
  const files = (items: readonly IngestItem[]) =>
    items.flatMap((item) => (item.kind === "file" ? [[item.path, item.format]] : []));

  it.each<[string, () => Promise<string | Buffer>, [string, string][]]>([
    ["trail.json.gz", async () => gzip(s3RecordsText(sample)), [["trail.json", "s3-records"]]],
    [
      "event_history.json",
      async () => JSON.stringify({ Records: sample }, null, 2),
      [["event_history.json", "s3-records"]],
    ],
    ["event_history.csv", async () => consoleCsvText(sample), [["event_history.csv", "console-csv"]]],
    ["logs.jsonl", async () => jsonLinesText(sample), [["logs.jsonl", "json-lines"]]],
    ["array.json", async () => JSON.stringify(sample), [["array.json", "json-array"]]],
    [
      "lookup.json",
      async () =>
        JSON.stringify({ Events: sample.map((e) => ({ EventId: e.eventID, CloudTrailEvent: JSON.stringify(e) })) }),
      [["lookup.json", "lookup-events"]],
    ],
    [
      "export.zip",
      async () =>
        zipArchive([
          { name: "a/one.json.gz", data: gzip(s3RecordsText(sample.slice(0, 2))), method: "store" },
          { name: "b/two.jsonl", data: jsonLinesText(sample.slice(2)) },
        ]),
      [
        ["export.zip/a/one.json", "s3-records"],
        ["export.zip/b/two.jsonl", "json-lines"],
      ],
    ],
    [
      "export.tar.gz",
      async () =>
        gzip(
          await tarArchive([
            { name: "x/one.json", data: s3RecordsText(sample.slice(0, 1)) },
            { name: "x/two.csv", data: consoleCsvText(sample.slice(1)) },
          ]),
        ),
      [
        ["export.tar/x/one.json", "s3-records"],
        ["export.tar/x/two.csv", "console-csv"],
      ],
    ],
  ])("%s", async (name, build, expectedFiles) => {
    const items = await readFile(name, await build());
    expect(files(items)).toEqual(expectedFiles);
    expect(eventIds(items)).toEqual(idsOf(sample));
    expect(items.filter((item) => item.kind === "reject" || item.kind === "problem")).toEqual([]);
  });

  it("a digest file inside a gzip is skipped with the reason", async () => {
    const items = await readFile("digest.json.gz", gzip(digestText()));
    expect(items.filter((item) => item.kind === "skip")).toEqual([
      { kind: "skip", path: "digest.json", reason: "a CloudTrail digest file: it lists log files, not events" },
    ]);
  });

  it("a large file's chunks do not change what is read (S3 file of 3000 events, gzipped)", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => syntheticEvent(prefix, 100 + i));
    const items = await readFile("many.json.gz", gzip(s3RecordsText(many)));
    expect(eventIds(items)).toEqual(idsOf(many));
    expect(events(items).at(-1)?.where).toBe("many.json: record 3000");
  });
});

describe("readers never take their process down", () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    folder = await tempFolder("readers-child");
  });
  afterAll(async () => {
    await folder?.remove();
  });

  /** Reads in a child process: a reader that crashes shows as a non-zero exit, not a dead test runner. */
  async function readInChild(name: string, content: Buffer) {
    const file = await folder.write(`${uniquePrefix()}-${name}`, content);
    const result = runTsSync("tests/support/read-upload-child.ts", [file, name], {
      env: { TT_LIMITS: JSON.stringify(limits) },
    });
    const lines = result.stdout.split("\n").filter(Boolean);
    const items = lines.filter((line) => line !== "end").map((line) => JSON.parse(line));
    return { status: result.status, stderr: result.stderr, finished: lines.at(-1) === "end", items };
  }

  // A console CSV whose start is UTF-8 (so it is recognised: detection looks at the first read, up to
  // 1 MiB of a plain file) with one Latin-1 row further on, as a spreadsheet re-save leaves it.
  const rowPrefix = uniquePrefix();
  const rows = Array.from({ length: 6000 }, (_, i) => syntheticEvent(rowPrefix, i));
  const badRow = 5000;
  const latin1Csv = Buffer.concat([
    Buffer.from(`${CONSOLE_CSV_HEADER}\r\n`),
    ...rows.map((event, i) =>
      i === badRow - 1
        ? Buffer.from(`${consoleCsvRow({ ...event, userAgent: "Café client" })}\r\n`, "latin1")
        : Buffer.from(`${consoleCsvRow(event)}\r\n`),
    ),
  ]);

  it("the fixture: one Latin-1 byte, past the first 1 MiB", () => {
    const at = latin1Csv.indexOf(Buffer.from([0xe9]));
    expect(at).toBeGreaterThan(MiB);
    expect(latin1Csv.indexOf(Buffer.from([0xe9]), at + 1)).toBe(-1);
  });

  test("a CSV with a non-UTF-8 row past the first MiB: the process survives and says where", async () => {
    const result = await readInChild("latin1.csv", latin1Csv);
    expect(result.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(result.status).toBe(0);
    expect(result.finished).toBe(true);
    expect(result.items.filter((item) => item.kind !== "event" && item.kind !== "file")).toEqual([
      {
        kind: expect.stringMatching(/reject|problem/),
        where: expect.stringContaining(`row ${badRow}`),
        message: expect.stringContaining("UTF-8"),
      },
    ]);
  });

  // Also a gap: even without the crash, csvItems stops the file at the first bad byte, so the rows after
  // a single Latin-1 row would be lost; JSON records and JSON Lines reject just the one record.
  test("a CSV with a non-UTF-8 row past the first MiB: the other rows are all kept", async () => {
    const result = await readInChild("latin1.csv", latin1Csv);
    expect(result.items.filter((item) => item.kind === "event")).toHaveLength(rows.length - 1);
  });
});
