import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type PgBoss from "pg-boss";
import { type AuditActor, recordAudit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatBytes, withoutControlCharacters } from "@/lib/format";
import { enqueueUpload } from "@/lib/jobs/queue";

// Taking an upload in: the bytes go to DATA_DIR/uploads/<id> (written, flushed to disk, then renamed into
// place), then the upload row, then the job. Only then is the upload acknowledged. One function for the
// browser, the API and the CLI, so all three behave the same.

export type UploadOrigin = "browser" | "api" | "cli";

export interface AcceptedUpload {
  id: string;
  filename: string;
  status: "queued" | "failed";
  /** Why it failed at once (too large, empty). */
  failureReason?: string;
}

export interface AcceptOptions {
  db: Db;
  queue: PgBoss;
  dataDir: string;
  maxUploadBytes: number;
  filename: string;
  contentType?: string | null;
  origin: UploadOrigin;
  actor: AuditActor;
  createdById?: string | null;
  ip?: string | null;
}

/** The disk (or the user's quota) is full: ENOSPC or EDQUOT from a write. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

/** What a client is told when the upload store's disk fills: nothing was kept, and it can send it again. */
export function diskFullError(): AppError {
  return new AppError(
    "INSUFFICIENT_STORAGE",
    "The server's disk is full, so the upload was not stored; nothing of it was kept. Free space where the app keeps its data (DATA_DIR), then send it again.",
  );
}

/** A file name safe to show and store: its last path part, no control characters, at most 255 chars. */
export function cleanFilename(name: string): string {
  const base = name.replace(/\\/g, "/").split("/").filter(Boolean).at(-1) ?? "";
  return (withoutControlCharacters(base).trim() || "upload").slice(0, 255);
}

export async function acceptUpload(
  source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options: AcceptOptions,
): Promise<AcceptedUpload> {
  const id = randomUUID();
  const filename = options.filename;
  const relative = path.join("uploads", id);
  const final = path.join(options.dataDir, relative);
  const partial = `${final}.part`;
  await mkdir(path.dirname(final), { recursive: true });

  const hash = createHash("sha256");
  let size = 0;
  let tooLarge = false;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxUploadBytes) {
        // Keep reading (so the rest of a multipart request still arrives) but keep nothing.
        tooLarge = true;
        callback();
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source as AsyncIterable<Uint8Array>, meter, createWriteStream(partial));
    if (tooLarge) await rm(partial, { force: true });
    else {
      const handle = await open(partial, "r+");
      await handle.sync();
      await handle.close();
      await rename(partial, final);
    }
  } catch (error) {
    await rm(partial, { force: true });
    throw isDiskFull(error) ? diskFullError() : error;
  }

  const failureReason = tooLarge
    ? `The file is larger than the ${formatBytes(options.maxUploadBytes)} upload limit (MAX_UPLOAD_MB).`
    : size === 0
      ? "The file is empty."
      : undefined;
  const status = failureReason ? "failed" : "queued";
  await options.db.upload.create({
    data: {
      id,
      filename,
      storedPath: relative,
      sha256: failureReason ? null : hash.digest("hex"),
      status,
      bytesTotal: BigInt(size),
      source: options.origin,
      contentType: options.contentType ?? null,
      createdById: options.createdById ?? null,
      failureReason: failureReason ?? null,
      finishedAt: failureReason ? new Date() : null,
      errors: failureReason ? [{ where: filename, message: failureReason }] : [],
      errorsTotal: failureReason ? 1 : 0,
    },
  });
  await recordAudit(options.db, {
    actor: options.actor,
    action: "upload.created",
    target: { type: "upload", id },
    ip: options.ip ?? null,
    details: { filename, bytes: size, origin: options.origin, ...(failureReason ? { failureReason } : {}) },
  });
  if (failureReason) {
    await rm(final, { force: true });
    return { id, filename, status: "failed", failureReason };
  }
  await enqueueUpload(options.queue, id);
  return { id, filename, status: "queued" };
}
