import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Detected, detectFormat } from "@/lib/cloudtrail/detect-format";
import { hasSharedData, noSharedDataReason, sharedDataDir } from "@/tests/support/shared-data";

const text = (value: string) => new TextEncoder().encode(value);
const event = { eventVersion: "1.09", eventID: "e-1", eventName: "ListModels", eventTime: "2026-01-01T00:00:00Z" };

describe("detectFormat on the project's own samples", () => {
  it.each<[string, Uint8Array, Detected]>([
    ["gzip", new Uint8Array([0x1f, 0x8b, 8, 0]), { kind: "container", format: "gzip" }],
    ["zip", text("PK\u0003\u0004rest"), { kind: "container", format: "zip" }],
    ["Records", text(JSON.stringify({ Records: [event] })), { kind: "text", format: "s3-records" }],
    [
      "pretty Records",
      text(`{\n  "Records": [\n    ${JSON.stringify(event)}\n  ]\n}`),
      { kind: "text", format: "s3-records" },
    ],
    ["BOM", text(`\uFEFF${JSON.stringify({ Records: [] })}`), { kind: "text", format: "s3-records" }],
    [
      "lookup-events",
      text(JSON.stringify({ Events: [{ EventId: "x", CloudTrailEvent: JSON.stringify(event) }] })),
      { kind: "text", format: "lookup-events" },
    ],
    [
      "Lake",
      text(JSON.stringify({ QueryStatus: "FINISHED", QueryResultRows: [[{ eventID: "x" }]] })),
      { kind: "text", format: "lake-results" },
    ],
    [
      "CloudWatch",
      text(JSON.stringify({ messageType: "DATA_MESSAGE", logEvents: [{ id: "1", message: JSON.stringify(event) }] })),
      { kind: "text", format: "cloudwatch-logs" },
    ],
    [
      "EventBridge",
      text(JSON.stringify({ version: "0", "detail-type": "AWS API Call via CloudTrail", detail: event })),
      { kind: "text", format: "eventbridge" },
    ],
    ["single event", text(JSON.stringify(event)), { kind: "text", format: "single-event" }],
    [
      "JSON Lines",
      text(`${JSON.stringify(event)}\n${JSON.stringify({ ...event, "@timestamp": "x" })}\n`),
      { kind: "text", format: "json-lines" },
    ],
    ["array", text(`[${JSON.stringify(event)}]`), { kind: "text", format: "json-array" }],
    [
      "console CSV",
      text(
        "User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category\r\n",
      ),
      { kind: "text", format: "console-csv" },
    ],
    [
      "2020 CSV",
      text(
        "Event ID,Event time,User name,Event name,Resource type,Resources,AWS access key,AWS region,Error code,Source IP address\n",
      ),
      { kind: "text", format: "console-csv-2020" },
    ],
  ])("%s", (_name, head, expected) => {
    expect(detectFormat(head)).toEqual(expected);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ["an empty file", new Uint8Array(), /^the file is empty$/],
    ["white space", text(" \n\t "), /only white space/],
    ["binary garbage", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), /^not text/],
    ["Latin-1 text", new Uint8Array([0x45, 0x76, 0x65, 0x6e, 0x74, 0xe9, 0x2c, 0x41]), /not UTF-8/],
    ["another CSV", text("Event Type,Event Name,Request ID,User ID\n"), /^not a CloudTrail export: a CSV without/],
    ["other JSON", text(JSON.stringify({ hello: "world" })), /^not a CloudTrail export: a JSON object/],
    ["plain prose", text("hello world"), /^not a CloudTrail export/],
  ])("rejects %s with a reason", (_name, head, reason) => {
    const detected = detectFormat(head);
    expect(detected.kind).toBe("rejected");
    if (detected.kind === "rejected") expect(detected.reason).toMatch(reason);
  });

  it("reads a head with a few bad bytes among many good ones as text (the readers reject only the bad record)", () => {
    const good = text(`{"Records":[${JSON.stringify({ eventName: "ListModels", userAgent: "x".repeat(2000) })},`);
    const head = new Uint8Array([...good, 0xff, 0xfe, 0x00, ...text('{"eventName":"x"}]}')]);
    expect(detectFormat(head)).toEqual({ kind: "text", format: "s3-records" });
  });

  it("accepts a head that ends in the middle of a UTF-8 character", () => {
    const full = text(JSON.stringify({ Records: [{ ...event, userAgent: "Grüße" }] }));
    const cut = full.slice(0, full.indexOf(0xc3) + 1);
    expect(detectFormat(cut)).toEqual({ kind: "text", format: "s3-records" });
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function expectedFor(file: string): string[] {
  const relative = path.relative(sharedDataDir, file);
  if (relative.endsWith(".gz")) return ["gzip"];
  if (relative.endsWith(".zip")) return ["zip"];
  if (relative.endsWith(".csv")) return relative.includes("deviabhishek") ? ["console-csv-2020"] : ["console-csv"];
  if (relative.includes("digest")) return ["digest"];
  if (relative.startsWith("stratus-red-team")) return ["json-array"];
  if (relative.startsWith("format_examples")) return ["lookup-events"];
  // One-event-per-line files with a single line look like a single event; readers treat both alike.
  if (relative.endsWith(".jsonl") || relative.endsWith(".log")) return ["json-lines", "single-event"];
  return ["s3-records"];
}

describe.skipIf(!hasSharedData)(
  hasSharedData
    ? "detectFormat on every real export in ../shared/data"
    : `detectFormat on real exports: skipped, ${noSharedDataReason}`,
  () => {
    const files = hasSharedData ? filesUnder(sharedDataDir).filter((file) => !file.endsWith(".md")) : [];
    it("recognises every file by its content", () => {
      expect(files.length).toBeGreaterThan(1000);
      const wrong = files.flatMap((file) => {
        const head = readFileSync(file).subarray(0, 64 * 1024);
        const detected = detectFormat(head);
        const format = detected.kind === "rejected" ? `rejected: ${detected.reason}` : detected.format;
        return expectedFor(file).includes(format) ? [] : [`${path.relative(sharedDataDir, file)}: ${format}`];
      });
      expect(wrong).toEqual([]);
    });
  },
);
