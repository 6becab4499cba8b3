import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/access";
import { auditActorOf } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { type AcceptedUpload, acceptUpload, cleanFilename } from "@/lib/ingest/accept";
import { ingestLimits } from "@/lib/ingest/limits";
import { getQueue } from "@/lib/ingest/queue";

// POST /api/v1/uploads: a multipart form with one or more `file` fields (streamed, never buffered), or
// the file itself as the body with ?filename=. Each file becomes one upload, stored before we answer.

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

const HOW = "Send the files as multipart/form-data fields named `file`, or one file as the raw body with ?filename=.";

interface ReceiveOptions {
  req: Request;
  actor: Actor;
  ip: string | null;
  filename?: string;
}

export async function receiveUpload({ req, actor, ip, filename }: ReceiveOptions): Promise<AcceptedUpload[]> {
  const contentType = req.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!req.body) throw new AppError("INVALID_INPUT", `The request has no body. ${HOW}`);
  if (!env.DATABASE_URL) throw new AppError("UNAVAILABLE", "The database is not configured.");
  const limits = ingestLimits();
  const common = {
    db: getDb(),
    queue: await getQueue(env.DATABASE_URL),
    dataDir: env.dataDir,
    maxUploadBytes: limits.maxUploadBytes,
    origin: actor.kind === "user" ? ("browser" as const) : ("api" as const),
    actor: auditActorOf(actor),
    createdById: actor.kind === "user" ? actor.userId : null,
    ip,
  };
  const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);

  if (mediaType === "multipart/form-data") {
    return new Promise<AcceptedUpload[]>((resolve, reject) => {
      const accepted: AcceptedUpload[] = [];
      let chain: Promise<void> = Promise.resolve();
      let receiving: NodeJS.ReadableStream | null = null;
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: 1024 } });
      } catch (error) {
        reject(new AppError("INVALID_INPUT", `The multipart body cannot be read: ${(error as Error).message}`));
        return;
      }
      parser.on("file", (field, stream, info) => {
        if (field !== "file") {
          stream.resume();
          return;
        }
        chain = chain.then(async () => {
          receiving = stream;
          accepted.push(
            await acceptUpload(stream, {
              ...common,
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
      parser.on("error", (error: Error) =>
        reject(new AppError("INVALID_INPUT", `The multipart body cannot be read: ${error.message}`)),
      );
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
      const interrupted = new AppError("INVALID_INPUT", "The upload was interrupted before the request ended.");
      body.on("error", () => {
        (receiving as { destroy?: (error: Error) => void } | null)?.destroy?.(interrupted);
        parser.destroy(interrupted);
        reject(interrupted);
      });
      body.pipe(parser);
    });
  }

  if (!RAW_TYPES.has(mediaType) && mediaType !== "") {
    body.destroy();
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content type ${mediaType} is not a file upload. ${HOW} Raw bodies may be sent as application/octet-stream (the format is read from the content).`,
    );
  }
  if (!filename?.trim()) {
    body.destroy();
    throw new AppError("INVALID_INPUT", `A raw upload needs ?filename=. ${HOW}`);
  }
  const length = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > limits.maxUploadBytes) {
    body.destroy();
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The file is ${length} bytes, larger than the ${limits.maxUploadBytes}-byte upload limit (MAX_UPLOAD_MB).`,
    );
  }
  try {
    return [await acceptUpload(body, { ...common, filename: cleanFilename(filename), contentType: mediaType || null })];
  } catch (error) {
    // acceptUpload has removed the partial file; a client that hung up is not a server fault.
    if (body.destroyed && !(error instanceof AppError)) {
      throw new AppError("INVALID_INPUT", "The upload was interrupted before the request ended.");
    }
    throw error;
  }
}
