// How a drop of files is cut into requests, and how one request goes: plain functions, no React.

export const BATCH_MAX_FILES = 20;
export const BATCH_MAX_BYTES = 50 * 1024 * 1024;
/**
 * A dropped folder goes as one upload holding its files (?bundle=), one request each this many bytes:
 * one upload row, one job and one detection pass for the folder, however many small files it holds.
 * Below the server's default upload limit (MAX_UPLOAD_MB, 4 GiB), and small enough that a lost
 * connection costs little.
 */
export const BUNDLE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Consecutive groups of at most `maxFiles` files and `maxBytes` bytes; a file larger than `maxBytes`
 * goes alone. Small requests keep one failure from costing much, and let progress move steadily.
 */
export function planBatches<T extends { size: number }>(
  files: readonly T[],
  { maxFiles = BATCH_MAX_FILES, maxBytes = BATCH_MAX_BYTES } = {},
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Files the operating system leaves in folders, never CloudTrail: not worth a request. */
export function isOsClutter(file: { name: string }): boolean {
  return file.name === ".DS_Store" || file.name === "Thumbs.db" || file.name === "desktop.ini";
}

/** A drop of more files than this goes as one upload holding them all, like a dropped folder. */
export const BUNDLE_FROM_FILES = 20;

/** Whether a drop goes as one upload holding its files: a folder, or more files than a handful. */
export const sendsAsBundle = (label: string, fileCount: number) => label.endsWith("/") || fileCount > BUNDLE_FROM_FILES;

/**
 * A dropped file's path inside the drop, as the bundle records it: the folder input's webkitRelativePath
 * or react-dropzone's path ("./cloudtrail/AWSLogs/…"), without the dropped folder's own name.
 */
export function pathInDrop(file: File & { path?: string }, folder: string | null): string {
  const full = (file.webkitRelativePath || file.path || file.name).replace(/^\.?\/+/, "");
  const prefix = folder ? `${folder.replace(/\/+$/, "")}/` : null;
  return prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
}

/** What POST /api/v1/uploads answers for each file it took in. */
export interface AcceptedFile {
  id: string;
  filename: string;
  status: "queued" | "failed";
  failureReason?: string;
}

export class SendError extends Error {
  override name = "SendError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The analyst-facing reason a request failed, from the API's error envelope when there is one. */
export function sendErrorMessage(status: number, body: string): string {
  if (status === 0) {
    return "The connection was lost while sending (the server stopped, or refused the request before it was complete).";
  }
  if (status === 401) return "Your session has ended. Sign in again, then send these files again.";
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === "string" && message) return message;
  } catch {
    // Not the API's envelope (a proxy's page, say): fall through to the status.
  }
  return `The server answered ${status}.`;
}

/**
 * POSTs files as one multipart request (one upload each, or, with `bundle`, one upload holding them all) with XMLHttpRequest, the one browser API that reports upload
 * progress. Resolves with the uploads the server created; rejects with a SendError.
 */
export function postFiles(
  files: readonly File[],
  {
    onProgress,
    signal,
    bundle,
  }: {
    onProgress: (fraction: number) => void;
    signal: AbortSignal;
    /** Send the files as one upload of this name (a folder's, without the slash), each under its path in it. */
    bundle?: { name: string; folder: string | null };
  },
): Promise<AcceptedFile[]> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("file", file, bundle ? pathInDrop(file, bundle.folder) : file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", bundle ? `/api/v1/uploads?bundle=${encodeURIComponent(bundle.name)}` : "/api/v1/uploads");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 202 || xhr.status === 200) {
        try {
          resolve((JSON.parse(xhr.responseText) as { data: AcceptedFile[] }).data);
        } catch {
          reject(new SendError(xhr.status, "The server's answer could not be read."));
        }
        return;
      }
      reject(new SendError(xhr.status, sendErrorMessage(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new SendError(0, sendErrorMessage(0, "")));
    xhr.onabort = () => reject(new DOMException("Cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
