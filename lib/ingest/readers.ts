import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { normalizeConsoleCsvRow } from "@/lib/cloudtrail/console-csv";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "@/lib/cloudtrail/depth";
import type { TextFormat } from "@/lib/cloudtrail/detect-format";
import { eventArrayKey, lakeRow, oneLine, unwrap } from "@/lib/cloudtrail/envelope";
import { type NormalizedEvent, type NormalizeResult, normalizeEvent } from "@/lib/cloudtrail/normalize";
import { formatBytes } from "@/lib/format";
import { JsonArraySplitter } from "@/lib/ingest/json-splitter";

// Each export format (../shared/DOMAIN.md §3) to a stream of items: stored events, rejected records with
// their position and reason, and notes. A bad record never stops the file; only a cut or unreadable
// file ends it early, and that is reported too.

export type IngestItem =
  | { kind: "event"; where: string; raw: string; event: NormalizedEvent }
  | { kind: "reject"; where: string; message: string }
  /** A problem with a file rather than one record: a cut, a limit, a missing array. */
  | { kind: "problem"; where: string; message: string }
  /** A file (or archive entry) that is being read, and its format. */
  | { kind: "file"; path: string; format: string }
  /** A file or entry that holds no events: a digest, __MACOSX, a non-log file. */
  | { kind: "skip"; path: string; reason: string };

export interface ReaderContext {
  /** Where the bytes come from, for messages: the upload's name, or the entry's path inside it. */
  path: string;
  maxRecordBytes: number;
  /** The bytes stopped early (a cut gzip, a limit): that is reported once, by the caller. */
  isCut?: () => boolean;
}

function toItem(where: string, result: NormalizeResult, raw: () => string): IngestItem {
  return result.ok
    ? { kind: "event", where, raw: raw(), event: result.event }
    : { kind: "reject", where, message: result.reason };
}

/** One JSON record's bytes to an item: UTF-8 check, parse, unwrap, normalise. */
function jsonRecord(bytes: Buffer, where: string, lake = false): IngestItem {
  if (!isUtf8(bytes)) return { kind: "reject", where, message: "not valid UTF-8" };
  let text = bytes.toString("utf8");
  // Elements come without surrounding white space, lines may end in \r: trim only when needed.
  if (text.length > 0 && (text.charCodeAt(text.length - 1) <= 0x20 || text.charCodeAt(0) <= 0x20)) text = text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: "reject", where, message: `malformed JSON (${(error as Error).message})` };
  }
  if (nestsDeeperThan(parsed)) {
    return { kind: "reject", where, message: `the record nests more than ${MAX_RECORD_DEPTH} levels deep` };
  }
  if (lake) parsed = lakeRow(parsed);
  const inner = unwrap(parsed);
  if (!("error" in inner) && inner.value !== parsed && nestsDeeperThan(inner.value)) {
    return { kind: "reject", where, message: `the record nests more than ${MAX_RECORD_DEPTH} levels deep` };
  }
  if ("error" in inner) return { kind: "reject", where, message: inner.error };
  const ownText = inner.value === parsed && !lake ? text : inner.text;
  return toItem(where, normalizeEvent(inner.value), () => oneLine(ownText, inner.value));
}

async function* jsonArrayItems(
  source: AsyncIterable<Buffer>,
  format: TextFormat,
  context: ReaderContext,
): AsyncGenerator<IngestItem> {
  const key = eventArrayKey(format);
  const lake = format === "lake-results";
  let pending: IngestItem[] = [];
  const splitter = new JsonArraySplitter(key, context.maxRecordBytes, {
    element: (bytes, index) => pending.push(jsonRecord(bytes, `${context.path}: record ${index}`, lake)),
    oversize: (index, size) =>
      pending.push({
        kind: "reject",
        where: `${context.path}: record ${index}`,
        message: `the record is ${formatBytes(size)}, over the ${formatBytes(context.maxRecordBytes)} record limit`,
      }),
  });
  for await (const chunk of source) {
    splitter.push(chunk);
    if (pending.length > 0) {
      yield* pending;
      pending = [];
    }
  }
  const end = splitter.end();
  yield* pending;
  if (!end.found) {
    yield {
      kind: "problem",
      where: context.path,
      message: key ? `not a CloudTrail export: no "${key}" array` : "not a CloudTrail export: no JSON array",
    };
  } else if (end.truncated && !context.isCut?.()) {
    yield {
      kind: "problem",
      where: `${context.path}: after record ${end.elements}`,
      message: "the file ends inside the JSON (cut short): the records before the cut were kept",
    };
  }
}

async function* jsonLinesItems(source: AsyncIterable<Buffer>, context: ReaderContext): AsyncGenerator<IngestItem> {
  let carry: Buffer[] = [];
  let carrySize = 0;
  let oversize = false;
  let line = 0;
  const finishLine = (bytes: Buffer | null): IngestItem | null => {
    line++;
    const where = `${context.path}: line ${line}`;
    if (oversize) {
      oversize = false;
      return {
        kind: "reject",
        where,
        message: `the line is over the ${formatBytes(context.maxRecordBytes)} record limit`,
      };
    }
    if (!bytes || bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d)) return null;
    return jsonRecord(bytes, where);
  };
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0x0a, start);
      if (end === -1) break;
      const piece = chunk.subarray(start, end);
      const bytes = carry.length > 0 ? Buffer.concat([...carry, piece]) : piece;
      if (carrySize + piece.length > context.maxRecordBytes) oversize = true;
      carry = [];
      carrySize = 0;
      const item = finishLine(bytes);
      if (item) yield item;
      start = end + 1;
    }
    if (start < chunk.length) {
      carrySize += chunk.length - start;
      if (carrySize > context.maxRecordBytes) {
        oversize = true;
        carry = [];
      } else carry.push(Buffer.from(chunk.subarray(start)));
    }
  }
  if (carry.length > 0 || oversize) {
    const item = finishLine(Buffer.concat(carry));
    if (item) yield item;
  }
}

async function* wholeDocumentItems(source: AsyncIterable<Buffer>, context: ReaderContext): AsyncGenerator<IngestItem> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size <= context.maxRecordBytes) parts.push(chunk);
  }
  if (size > context.maxRecordBytes) {
    yield {
      kind: "reject",
      where: context.path,
      message: `the event is ${formatBytes(size)}, over the ${formatBytes(context.maxRecordBytes)} record limit`,
    };
    return;
  }
  yield jsonRecord(Buffer.concat(parts), context.path);
}

async function* csvItems(source: AsyncIterable<Buffer>, context: ReaderContext): AsyncGenerator<IngestItem> {
  // Decoded leniently: bytes that are not UTF-8 become U+FFFD, and the row holding them is rejected
  // below, so one bad row costs that row only.
  const decoder = new TextDecoder("utf-8");
  async function* text(): AsyncGenerator<string> {
    for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  }
  const input = Readable.from(text());
  const parser = parseCsv({
    bom: true,
    columns: (header: string[]) => header.map((column) => column.trim()),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: context.maxRecordBytes,
  });
  // pipe() does not pass errors on: a failing source must fail the parser, not the process.
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      row++;
      const where = `${context.path}: row ${row} (line ${record.info.lines})`;
      if (Object.values(record.record).some((value) => value?.includes("\uFFFD"))) {
        yield { kind: "reject", where, message: "not valid UTF-8" };
        continue;
      }
      yield toItem(where, normalizeConsoleCsvRow(record.record), () => JSON.stringify(record.record));
    }
  } catch (error) {
    if (context.isCut?.()) return;
    yield {
      kind: "problem",
      where: `${context.path}: after row ${row}`,
      message: `the CSV could not be read further: ${(error as Error).message}`,
    };
  }
}

/** Items of one decompressed file of a known text format. */
export function readText(
  source: AsyncIterable<Buffer>,
  format: TextFormat,
  context: ReaderContext,
): AsyncGenerator<IngestItem> {
  switch (format) {
    case "s3-records":
    case "lookup-events":
    case "lake-results":
    case "cloudwatch-logs":
    case "json-array":
      return jsonArrayItems(source, format, context);
    case "json-lines":
      return jsonLinesItems(source, context);
    case "single-event":
    case "eventbridge":
      return wholeDocumentItems(source, context);
    case "console-csv":
    case "console-csv-2020":
      return csvItems(source, context);
    case "digest":
      return (async function* () {
        yield { kind: "skip", path: context.path, reason: "a CloudTrail digest file: it lists log files, not events" };
      })();
  }
}
