import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import {
  type AcceptedUpload,
  type AcceptOptions,
  acceptUpload,
  cleanFilename,
  diskFullError,
  isDiskFull,
} from "@/lib/ingest/accept";
import { type BundleEntry, packBundle } from "@/lib/ingest/bundle";
import { bundleEntryName, bundleUploadName } from "@/lib/ingest/bundle-plan";
import { Handoff } from "@/lib/ingest/handoff";

// An upload request to stored uploads: a multipart form with one or more `file` fields (streamed, never
// buffered whole), or the file itself as the body with ?filename=. Each file becomes one upload, stored
// before we answer; with ?bundle=<folder name>, every file of the form becomes one upload holding them
// all (the way the browser sends a dropped folder). Kept apart from the route so the benchmark sends
// the same requests.

/** Raw-body types we take; the content decides the format, this only rules out obvious mistakes. */
const RAW_TYPES = new Set([
  "application/octet-stream",
  "application/json",
  "application/x-ndjson",
  "application/jsonl",
  "application/x-jsonlines",
  "application/gzip",
  "application/x-gzip",
  "application/zip",
  "application/x-zip-compressed",
  "application/x-tar",
  "application/x-gtar",
  "text/csv",
  "text/plain",
]);

const HOW =
  "Send the files as multipart/form-data fields named `file` (add ?bundle=<folder name> to make them one upload), or one file as the raw body with ?filename=.";

/** A bundle's file up to this size waits in memory for its turn; a larger one waits in a temporary file. */
const SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024;

export type ReceiveContext = Omit<AcceptOptions, "filename" | "contentType">;

export interface ReceiveQuery {
  filename?: string;
  /** The folder's name: every file in the form becomes one upload. */
  bundle?: string;
}

export async function receiveRequest(
  req: Request,
  context: ReceiveContext,
  query: ReceiveQuery,
): Promise<AcceptedUpload[]> {
  const contentType = req.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!req.body) throw new AppError("INVALID_INPUT", `The request has no body. ${HOW}`);
  const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);

  if (mediaType === "multipart/form-data") {
    return query.bundle !== undefined
      ? receiveBundle(body, contentType, context, query.bundle)
      : receiveFiles(body, contentType, context);
  }
  if (query.bundle !== undefined) {
    body.destroy();
    throw new AppError("INVALID_INPUT", `?bundle= needs a multipart form of files. ${HOW}`);
  }

  if (!RAW_TYPES.has(mediaType) && mediaType !== "") {
    body.destroy();
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content type ${mediaType} is not a file upload. ${HOW} Raw bodies may be sent as application/octet-stream (the format is read from the content).`,
    );
  }
  const filename = query.filename;
  if (!filename?.trim()) {
    body.destroy();
    throw new AppError("INVALID_INPUT", `A raw upload needs ?filename=. ${HOW}`);
  }
  const length = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > context.maxUploadBytes) {
    body.destroy();
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The file is ${length} bytes, larger than the ${context.maxUploadBytes}-byte upload limit (MAX_UPLOAD_MB).`,
    );
  }
  try {
    return [
      await acceptUpload(body, { ...context, filename: cleanFilename(filename), contentType: mediaType || null }),
    ];
  } catch (error) {
    // acceptUpload has removed the partial file; a client that hung up is not a server fault.
    if (body.destroyed && !(error instanceof AppError)) throw interrupted();
    throw error;
  }
}

const interrupted = () => new AppError("INVALID_INPUT", "The upload was interrupted before the request ended.");

function parserFor(contentType: string, preservePath: boolean): busboy.Busboy {
  try {
    return busboy({ headers: { "content-type": contentType }, preservePath, limits: { fieldSize: 1024 } });
  } catch (error) {
    throw new AppError("INVALID_INPUT", `The multipart body cannot be read: ${(error as Error).message}`);
  }
}

/** Each file of the form its own upload. */
function receiveFiles(body: Readable, contentType: string, context: ReceiveContext): Promise<AcceptedUpload[]> {
  return new Promise<AcceptedUpload[]>((resolve, reject) => {
    const accepted: AcceptedUpload[] = [];
    let chain: Promise<void> = Promise.resolve();
    let receiving: NodeJS.ReadableStream | null = null;
    const parser = parserFor(contentType, false);
    parser.on("file", (field, stream, info) => {
      if (field !== "file") {
        stream.resume();
        return;
      }
      chain = chain.then(async () => {
        receiving = stream;
        accepted.push(
          await acceptUpload(stream, {
            ...context,
            filename: cleanFilename(info.filename ?? "upload"),
            contentType: info.mimeType,
          }),
        );
        receiving = null;
      });
      chain.catch((error) => {
        stream.resume();
        reject(error);
      });
    });
    // Answer only once the file being written has removed its partial bytes (acceptUpload does on error):
    // answering first left a .part file behind for a moment, which a retry or a reader could meet.
    const failAfterFile = (error: Error) => {
      chain.catch(() => undefined).then(() => reject(error));
    };
    parser.on("error", (error: Error) => {
      const refused = new AppError("INVALID_INPUT", `The multipart body cannot be read: ${error.message}`);
      // The file being written gets no more bytes: end it, so it removes what it has.
      (receiving as { destroy?: (error: Error) => void } | null)?.destroy?.(refused);
      failAfterFile(refused);
    });
    parser.on("close", () => {
      chain
        .then(() =>
          accepted.length > 0
            ? resolve(accepted)
            : reject(new AppError("INVALID_INPUT", `The form has no file field. ${HOW}`)),
        )
        .catch(reject);
    });
    // The client went away mid-file (a cancelled upload): end the file being written, with an error,
    // so its partial bytes are removed, and answer (to nobody) without logging an internal error.
    body.on("error", () => {
      const error = interrupted();
      (receiving as { destroy?: (error: Error) => void } | null)?.destroy?.(error);
      parser.destroy(error);
      failAfterFile(error);
    });
    body.pipe(parser);
  });
}

/** One file of a bundle, held until the tar takes it (tar writes each file's size before its bytes). */
async function spool(
  stream: Readable,
  tmpDir: string,
): Promise<{ size: number; open: () => Buffer | Readable; done: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let spilled: string | null = null;
  let out: ReturnType<typeof createWriteStream> | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (!out && size > SPOOL_IN_MEMORY_BYTES) {
        await mkdir(tmpDir, { recursive: true });
        spilled = path.join(tmpDir, `${randomUUID()}.spool`);
        out = createWriteStream(spilled);
        for (const held of chunks.splice(0))
          if (!out.write(held)) await new Promise<void>((r) => out?.once("drain", () => r()));
      }
      if (out) {
        if (!out.write(chunk)) await new Promise<void>((r) => out?.once("drain", () => r()));
      } else chunks.push(chunk);
    }
    if (out)
      await new Promise<void>((resolve, reject) =>
        out?.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
  } catch (error) {
    out?.destroy();
    if (spilled) await rm(spilled, { force: true });
    throw isDiskFull(error) ? diskFullError() : error;
  }
  const file = spilled;
  return {
    size,
    open: () => (file ? createReadStream(file) : Buffer.concat(chunks, size)),
    done: async () => {
      if (file) await rm(file, { force: true });
    },
  };
}

/** Every file of the form into one upload (a tar in the upload store), named after the folder. */
function receiveBundle(
  body: Readable,
  contentType: string,
  context: ReceiveContext,
  folder: string,
): Promise<AcceptedUpload[]> {
  return new Promise<AcceptedUpload[]>((resolve, reject) => {
    const parser = parserFor(contentType, true);
    const entries = new Handoff<BundleEntry>();
    const tmpDir = path.join(context.dataDir, "tmp");
    let files = 0;
    let chain: Promise<void> = Promise.resolve();
    let accepting: Promise<AcceptedUpload> | null = null;
    let receiving: Readable | null = null;
    // As for single files: answer once the bundle being written has removed its partial bytes.
    const fail = (error: Error) => {
      entries.fail(error);
      Promise.resolve(accepting)
        .catch(() => undefined)
        .then(() => reject(error));
    };
    const start = () => {
      accepting = acceptUpload(packBundle(entries), {
        ...context,
        filename: bundleUploadName(cleanFilename(folder)),
        contentType: "application/x-tar",
      });
      accepting.catch(fail);
    };
    parser.on("file", (field, stream, info) => {
      if (field !== "file") {
        stream.resume();
        return;
      }
      files++;
      const ordinal = files;
      if (!accepting) start();
      chain = chain.then(async () => {
        receiving = stream;
        const held = await spool(stream, tmpDir);
        receiving = null;
        try {
          await entries.put({
            name: bundleEntryName(info.filename ?? "") ?? `file-${ordinal}`,
            size: held.size,
            open: held.open,
          });
        } finally {
          await held.done();
        }
      });
      chain.catch((error: Error) => {
        stream.resume();
        fail(error);
      });
    });
    parser.on("error", (error: Error) =>
      fail(new AppError("INVALID_INPUT", `The multipart body cannot be read: ${error.message}`)),
    );
    parser.on("close", () => {
      chain
        .then(async () => {
          if (!accepting) throw new AppError("INVALID_INPUT", `The form has no file field. ${HOW}`);
          entries.end();
          resolve([await accepting]);
        })
        .catch(fail);
    });
    body.on("error", () => {
      const error = interrupted();
      receiving?.destroy(error);
      parser.destroy(error);
      fail(error);
    });
    body.pipe(parser);
  });
}
