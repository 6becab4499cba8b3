import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { constants, crc32, createGzip, deflateRawSync, gzipSync } from "node:zlib";
import * as tarStream from "tar-stream";

// Upload files built at test time: synthetic CloudTrail events in each export format, and the containers
// they come in (gzip, zip, tar). The zip writer is written out here so a test can put in any entry name
// (`../evil.json`) or any compression ratio; tar goes through tar-stream, gzip through node:zlib.

export type CloudTrailEvent = Record<string, unknown>;

/** A prefix unique to one fixture, so events of different tests never share an eventID. */
export const uniquePrefix = () => randomBytes(4).toString("hex");

/** eventID of the `index`th synthetic event with `prefix`: the shape AWS uses (a UUID). */
export function syntheticEventId(prefix: string, index: number): string {
  return `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}

/**
 * A plausible CloudTrail event: an IAM user's long-term key listing SageMaker models, every seventh
 * one denied. Small (~600 bytes) so large uploads are quick to build.
 */
export function syntheticEvent(prefix: string, index: number, overrides: CloudTrailEvent = {}): CloudTrailEvent {
  const denied = index % 7 === 0;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLEPRINCIPAL1",
      arn: `arn:aws:iam::111122223333:user/user-${index % 13}`,
      accountId: "111122223333",
      accessKeyId: `AKIAEXAMPLE${String(index % 1000).padStart(9, "0")}`,
      userName: `user-${index % 13}`,
    },
    eventTime: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "sagemaker.amazonaws.com",
    eventName: index % 2 === 0 ? "ListModels" : "ListTrainingJobs",
    awsRegion: "us-east-1",
    sourceIPAddress: `203.0.113.${index % 250}`,
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
    ...(denied ? { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform this action" } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: `req-${prefix}-${index}`,
    eventID: syntheticEventId(prefix, index),
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    ...overrides,
  };
}

export function syntheticEvents(count: number, prefix = uniquePrefix()): CloudTrailEvent[] {
  return Array.from({ length: count }, (_, index) => syntheticEvent(prefix, index));
}

/** An S3 delivery file's text: {"Records":[…]}, one record per line as CloudTrail writes it. */
export function s3RecordsText(records: readonly (CloudTrailEvent | string)[]): string {
  const lines = records.map((record) => (typeof record === "string" ? record : JSON.stringify(record)));
  return `{"Records":[\n${lines.join(",\n")}\n]}`;
}

export function jsonLinesText(records: readonly (CloudTrailEvent | string)[]): string {
  return `${records.map((record) => (typeof record === "string" ? record : JSON.stringify(record))).join("\n")}\n`;
}

export const CONSOLE_CSV_HEADER =
  "User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category";

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A console Event history CSV row (16 columns); Resources is JSON, so its quotes come doubled. */
export function consoleCsvRow(event: CloudTrailEvent): string {
  const identity = (event.userIdentity ?? {}) as Record<string, unknown>;
  const resources = JSON.stringify([
    { resourceType: "AWS::SageMaker::Model", resourceName: `model-${String(event.eventID).slice(-4)}` },
  ]);
  const cells = [
    String(identity.userName ?? ""),
    String(identity.accessKeyId ?? ""),
    String(event.eventTime),
    String(event.eventSource),
    String(event.eventName),
    String(event.awsRegion),
    String(event.sourceIPAddress),
    String(event.userAgent),
    String(event.errorCode ?? ""),
    resources,
    String(event.requestID),
    String(event.eventID),
    String(event.readOnly),
    String(event.eventType),
    String(event.recipientAccountId),
    "Management",
  ];
  return cells.map(csvCell).join(",");
}

export function consoleCsvText(events: readonly CloudTrailEvent[]): string {
  return `${[CONSOLE_CSV_HEADER, ...events.map(consoleCsvRow)].join("\r\n")}\r\n`;
}

/** An S3 digest file: it lists log files and holds no events. */
export function digestText(): string {
  return JSON.stringify({
    awsAccountId: "111122223333",
    digestStartTime: "2026-01-01T00:00:00Z",
    digestEndTime: "2026-01-01T01:00:00Z",
    digestS3Bucket: "trail-bucket",
    digestS3Object: "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/x.json.gz",
    digestPublicKeyFingerprint: "0123456789abcdef",
    digestSignatureAlgorithm: "SHA256withRSA",
    logFiles: [],
  });
}

export const gzip = (data: string | Buffer) => gzipSync(typeof data === "string" ? Buffer.from(data) : data);

/**
 * `size` bytes of spaces inside a Records array that starts with `events`: gzips about 1000:1,
 * so a few hundred KiB of upload that decompresses to `size`. Built once per size (a bomb takes a moment).
 */
const bombs = new Map<string, Buffer>();
export function gzipBomb(size: number, events: readonly CloudTrailEvent[]): Buffer {
  const key = `${size}:${events.map((event) => event.eventID).join(",")}`;
  const cached = bombs.get(key);
  if (cached) return cached;
  const head = `{"Records":[\n${events.map((event) => `${JSON.stringify(event)},`).join("\n")}\n`;
  const built = gzipSync(Buffer.concat([Buffer.from(head), Buffer.alloc(size, 0x20), Buffer.from("]}")]), {
    level: constants.Z_BEST_COMPRESSION,
  });
  bombs.set(key, built);
  return built;
}

export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** deflate (the default) or store. */
  method?: "deflate" | "store";
}

/** A zip archive of `entries`, names written as given (UTF-8 flag set), in order. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 2026-01-01 00:00 in DOS time.
  const dosTime = 0;
  const dosDate = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = typeof entry.data === "string" ? Buffer.from(entry.data) : entry.data;
    const isStored = entry.method === "store" || entry.name.endsWith("/");
    const body = isStored ? data : deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(isStored ? 0 : 8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(isStored ? 0 : 8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((entry.name.endsWith("/") ? 0o40755 : 0o100644) * 0x10000, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface TarEntry {
  name: string;
  data?: string | Buffer;
  type?: "file" | "directory" | "symlink";
  linkname?: string;
}

/** A tar archive (ustar, through tar-stream) of `entries`, names written as given. */
export async function tarArchive(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const parts: Buffer[] = [];
  pack.on("data", (chunk: unknown) => parts.push(chunk as Buffer));
  const ended = once(pack, "end");
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? "");
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        {
          name: entry.name,
          type: entry.type ?? "file",
          linkname: entry.linkname,
          size: data.length,
          mtime: new Date("2026-01-01T00:00:00Z"),
        },
        data,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  pack.finalize();
  await ended;
  return Buffer.concat(parts);
}

/** Random bytes that no format detector could take for gzip, zip, tar or text. */
export function binaryGarbage(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes[0] = 0x00;
  bytes[1] = 0xff;
  return bytes;
}

/**
 * A .json.gz of `count` synthetic events, streamed to disk (a large one never sits in memory whole).
 * Returns the eventIDs' prefix.
 */
export async function writeLargeS3Gzip(file: string, count: number, prefix = uniquePrefix()): Promise<string> {
  const gzipStream = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gzipStream.pipe(out);
  const write = async (text: string) => {
    if (!gzipStream.write(text)) await once(gzipStream, "drain");
  };
  await write('{"Records":[\n');
  const perChunk = 1000;
  for (let start = 0; start < count; start += perChunk) {
    const lines: string[] = [];
    for (let index = start; index < Math.min(count, start + perChunk); index++) {
      lines.push(JSON.stringify(syntheticEvent(prefix, index)));
    }
    await write(`${start === 0 ? "" : ",\n"}${lines.join(",\n")}`);
  }
  await write("\n]}");
  gzipStream.end();
  await once(out, "close");
  return prefix;
}

/** A temporary folder for one test's files; `remove` when done. */
export async function tempFolder(label = "fixtures"): Promise<{
  dir: string;
  write(name: string, data: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `trailtriage-${label}-`));
  return {
    dir,
    async write(name, data) {
      const file = path.join(dir, name);
      await writeFile(file, data);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
