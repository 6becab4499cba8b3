import { isUtf8 } from "node:buffer";
// Which kind of export a file is, from its first bytes (never from its name alone). The readers that
// turn each kind into events use this to choose; a file no kind fits is refused with the reason.
// Formats: ../shared/DOMAIN.md §3.

export type ContainerFormat = "gzip" | "zip" | "tar";

export type TextFormat =
  | "s3-records" // {"Records":[…]}: S3 delivery files and the console's JSON download
  | "digest" // S3 digest file: no events
  | "lookup-events" // aws cloudtrail lookup-events: {"Events":[{…,"CloudTrailEvent":"<json>"}]}
  | "lake-results" // CloudTrail Lake: {"QueryResultRows":[[{"col":"value"},…]]}
  | "cloudwatch-logs" // {"logEvents":[{"message":"<event json>"}]}
  | "eventbridge" // {"detail-type":"AWS API Call via CloudTrail","detail":{event}}
  | "single-event" // one event object
  | "json-array" // [ {event or envelope}, … ]
  | "json-lines" // one JSON object per line
  | "console-csv" // console Event history CSV, 16 columns
  | "console-csv-2020"; // the older 10-column layout with local 12-hour times

export type Detected =
  | { kind: "container"; format: ContainerFormat }
  | { kind: "text"; format: TextFormat }
  | { kind: "rejected"; reason: string };

function startsWith(head: Uint8Array, bytes: number[], offset = 0): boolean {
  return bytes.every((byte, i) => head[offset + i] === byte);
}

function containerOf(head: Uint8Array): ContainerFormat | null {
  if (startsWith(head, [0x1f, 0x8b])) return "gzip";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return "tar"; // "ustar"
  return null;
}

/**
 * Decodes the head as UTF-8, tolerating a character cut at its end; null when it is not text. A few bad
 * bytes (a record with a broken character, a stray NUL) do not make a file binary: the readers reject
 * the records holding them and keep the rest, wherever in the file they are. A file is "not text" when
 * more than 1% of its head is NULs, control characters or invalid
 * UTF-8: binary data, or text in another encoding.
 */
function decodeText(head: Uint8Array): string | null {
  // The usual case, quickly (it runs once per file, and a folder can hold thousands): valid UTF-8 up to a
  // character cut at the end, and no control characters.
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const end = completeCharacters(bytes);
  if (isUtf8(bytes.subarray(0, end))) {
    const text = bytes.toString("utf8", 0, end);
    if (!CONTROL.test(text)) return text;
  }
  const text = new TextDecoder("utf-8").decode(head, { stream: true });
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // U+FFFD: an invalid sequence (or a real replacement character, counted the same: rare either way).
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d)) {
      suspicious++;
    }
  }
  return suspicious > text.length / 100 ? null : text;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters text files do not hold.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;

/** Where the bytes end without a UTF-8 character cut in two (the head of a file stops anywhere). */
function completeCharacters(bytes: Buffer): number {
  let start = bytes.length;
  // Back over continuation bytes (10xxxxxx) to the lead byte of the last character, at most three.
  while (start > 0 && bytes.length - start < 4 && ((bytes[start - 1] as number) & 0xc0) === 0x80) start--;
  if (start === 0) return bytes.length;
  const lead = bytes[start - 1] as number;
  const needs = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - (start - 1) < needs ? start - 1 : bytes.length;
}

const has = (text: string, key: string) => new RegExp(`"${key}"\\s*:`).test(text);

function firstLine(text: string): { line: string; rest: string } {
  const end = text.indexOf("\n");
  return end === -1 ? { line: text, rest: "" } : { line: text.slice(0, end), rest: text.slice(end + 1) };
}

function isJsonObject(line: string): boolean {
  try {
    const value = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function objectFormat(text: string): Detected {
  const { line, rest } = firstLine(text);
  // A complete object on the first line, followed by another object: one record per line.
  // (The cheap test first: parsing a long first line that is not the whole record is wasted work.)
  if (rest.trimStart().startsWith("{") && isJsonObject(line.trim())) return { kind: "text", format: "json-lines" };
  if (has(text, "Records")) return { kind: "text", format: "s3-records" };
  if (has(text, "digestS3Object") || has(text, "digestPublicKeyFingerprint")) return { kind: "text", format: "digest" };
  if (has(text, "Events") && has(text, "CloudTrailEvent")) return { kind: "text", format: "lookup-events" };
  if (has(text, "QueryResultRows")) return { kind: "text", format: "lake-results" };
  if (has(text, "logEvents")) return { kind: "text", format: "cloudwatch-logs" };
  if (has(text, "detail-type")) return { kind: "text", format: "eventbridge" };
  if (has(text, "eventName") || has(text, "eventID")) return { kind: "text", format: "single-event" };
  return {
    kind: "rejected",
    reason: "not a CloudTrail export: a JSON object with no Records, Events or CloudTrail event fields",
  };
}

function csvFormat(text: string): Detected {
  const header = firstLine(text).line.replace(/\r$/, "");
  const columns = header.split(",").map((column) => column.trim().replace(/^"|"$/g, ""));
  if (columns.includes("Event ID") && columns.includes("Event name")) {
    return { kind: "text", format: columns.includes("Event source") ? "console-csv" : "console-csv-2020" };
  }
  return {
    kind: "rejected",
    reason: `not a CloudTrail export: a CSV without the console's "Event ID" and "Event name" columns (it has ${columns.slice(0, 4).join(", ")}…)`,
  };
}

/** `head`: the first bytes of the file (64 KiB is plenty). */
export function detectFormat(head: Uint8Array): Detected {
  if (head.length === 0) return { kind: "rejected", reason: "the file is empty" };
  const container = containerOf(head);
  if (container) return { kind: "container", format: container };
  const decoded = decodeText(head);
  if (decoded === null) return { kind: "rejected", reason: "not text: binary data, or text that is not UTF-8" };
  const text = decoded.replace(/^\uFEFF/, "").trimStart();
  if (text === "") return { kind: "rejected", reason: "the file holds only white space" };
  if (text.startsWith("{")) return objectFormat(text);
  if (text.startsWith("[")) return { kind: "text", format: "json-array" };
  if (firstLine(text).line.includes(",")) return csvFormat(text);
  return { kind: "rejected", reason: "not a CloudTrail export: neither JSON nor a console CSV" };
}
