import {
  type AcceptedFile,
  BUNDLE_MAX_BYTES,
  planBatches,
  postFiles,
  SendError,
  sendsAsBundle,
} from "@/components/uploads/send-batches";
import { bundlePartNames, splitBundles } from "@/lib/ingest/bundle-plan";

// Sending dropped files, kept outside React so a send goes on (and its progress is still shown) when the
// analyst opens another page of the app and comes back. A dropped folder (or a drop of many files) goes
// as one upload holding its files, one request per BUNDLE_MAX_BYTES; a few loose files, each its own. Batches from every drop share one queue, at most
// MAX_IN_FLIGHT requests at a time; a failed batch is kept with its reason and can be retried, and never
// stops the others.

const MAX_IN_FLIGHT = 2;

/** Files a batch could not deliver, grouped by reason. */
export interface SendFailure {
  status: number;
  message: string;
  files: File[];
}

export interface DropProgress {
  id: number;
  label: string;
  fileCount: number;
  bytesTotal: number;
  /** Files wholly sent (in finished requests, or already through in the current ones). */
  filesSent: number;
  /** Bytes sent or given up on: what the bar shows. */
  bytesDone: number;
  /** Files the server took in but failed at once (empty, over the size limit): they show in the list. */
  refused: AcceptedFile[];
  failures: SendFailure[];
  state: "sending" | "done" | "cancelled";
}

interface Batch {
  dropId: number;
  files: File[];
  /** Sent as one upload of this name holding the files. */
  bundle?: { name: string; folder: string | null };
  bytes: number;
  /** Fraction of the request sent, while it runs. */
  sent: number;
  controller?: AbortController;
}

interface Drop extends Omit<DropProgress, "filesSent" | "bytesDone"> {
  filesDelivered: number;
  bytesFinished: number;
  onBatchDone: () => void;
  /** The most one folder upload may hold. */
  bundleMaxBytes: number;
}

const sumBytes = (files: readonly File[]) => files.reduce((total, file) => total + file.size, 0);

function filesThrough(batch: Batch): number {
  let bytes = 0;
  let count = 0;
  for (const file of batch.files) {
    bytes += file.size;
    if (bytes > batch.sent * batch.bytes) break;
    count++;
  }
  return count;
}

export class UploadSender {
  private drops: Drop[] = [];
  private waiting: Batch[] = [];
  private running = new Set<Batch>();
  private listeners = new Set<() => void>();
  private snapshot: DropProgress[] = [];
  private nextId = 1;
  private progressTimer: ReturnType<typeof setTimeout> | null = null;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /**
   * Queues a drop; `onBatchDone` runs after each request, whatever its outcome. A folder is cut into
   * uploads of at most BUNDLE_MAX_BYTES, or the server's upload limit when that is lower.
   */
  send(files: File[], label: string, onBatchDone: () => void, maxUploadBytes = BUNDLE_MAX_BYTES): void {
    if (files.length === 0) return;
    const drop: Drop = {
      id: this.nextId++,
      label,
      fileCount: files.length,
      bytesTotal: sumBytes(files),
      filesDelivered: 0,
      bytesFinished: 0,
      refused: [],
      failures: [],
      state: "sending",
      onBatchDone,
      bundleMaxBytes: Math.min(BUNDLE_MAX_BYTES, maxUploadBytes),
    };
    this.drops = [drop, ...this.drops];
    this.enqueue(drop, files);
  }

  /** Sends a failure's files again; after "too large", one file per request. */
  retry(dropId: number, failure: SendFailure): void {
    const drop = this.drops.find((each) => each.id === dropId);
    if (!drop) return;
    drop.failures = drop.failures.filter((each) => each !== failure);
    drop.bytesFinished -= sumBytes(failure.files);
    drop.state = "sending";
    this.enqueue(drop, failure.files, failure.status === 413 ? 1 : undefined);
  }

  /** Stops a drop: its running requests are aborted, its waiting ones dropped. Files already received stay. */
  cancel(dropId: number): void {
    this.waiting = this.waiting.filter((batch) => batch.dropId !== dropId);
    for (const batch of this.running) if (batch.dropId === dropId) batch.controller?.abort();
    const drop = this.drops.find((each) => each.id === dropId);
    if (drop?.state === "sending") drop.state = "cancelled";
    this.publish();
  }

  dismiss(dropId: number): void {
    this.cancel(dropId);
    this.drops = this.drops.filter((drop) => drop.id !== dropId);
    this.publish();
  }

  private enqueue(drop: Drop, files: File[], maxFiles?: number): void {
    if (sendsAsBundle(drop.label, drop.fileCount) && maxFiles === undefined) {
      const folder = drop.label.endsWith("/") ? drop.label.slice(0, -1) : null;
      const groups = splitBundles(files, drop.bundleMaxBytes);
      const names = bundlePartNames(folder ?? drop.label, groups.length);
      groups.forEach((group, index) => {
        const name = (names[index] as string).slice(0, -1);
        this.waiting.push({ dropId: drop.id, files: group, bytes: sumBytes(group), sent: 0, bundle: { name, folder } });
      });
    } else {
      for (const group of planBatches(files, { maxFiles })) {
        this.waiting.push({ dropId: drop.id, files: group, bytes: sumBytes(group), sent: 0 });
      }
    }
    this.pump();
    this.publish();
  }

  private pump(): void {
    while (this.running.size < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.shift() as Batch;
      this.running.add(batch);
      void this.run(batch);
    }
  }

  private async run(batch: Batch): Promise<void> {
    const drop = this.drops.find((each) => each.id === batch.dropId);
    batch.controller = new AbortController();
    try {
      const accepted = await postFiles(batch.files, {
        signal: batch.controller.signal,
        bundle: batch.bundle,
        onProgress: (fraction) => {
          batch.sent = fraction;
          this.publishSoon();
        },
      });
      if (drop) {
        drop.filesDelivered += batch.files.length;
        drop.refused = [...drop.refused, ...accepted.filter((file) => file.status === "failed")];
      }
    } catch (error) {
      if (drop && error instanceof SendError) this.recordFailure(drop, batch.files, error);
    } finally {
      this.running.delete(batch);
      if (drop) {
        drop.bytesFinished += batch.bytes;
        const isLast = ![...this.waiting, ...this.running].some((other) => other.dropId === drop.id);
        if (isLast && drop.state === "sending") drop.state = "done";
        drop.onBatchDone();
      }
      this.pump();
      this.publish();
    }
  }

  private recordFailure(drop: Drop, files: File[], error: SendError): void {
    const same = drop.failures.find((each) => each.status === error.status && each.message === error.message);
    if (same) same.files = [...same.files, ...files];
    else drop.failures = [...drop.failures, { status: error.status, message: error.message, files }];
  }

  /** Progress events come many times a second: redraw at most every 100 ms for them. */
  private publishSoon(): void {
    this.progressTimer ??= setTimeout(() => this.publish(), 100);
  }

  private publish(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    this.snapshot = this.drops.map(({ filesDelivered, bytesFinished, onBatchDone: _, bundleMaxBytes: __, ...drop }) => {
      let filesSent = filesDelivered;
      let bytesDone = bytesFinished;
      for (const batch of this.running) {
        if (batch.dropId !== drop.id) continue;
        filesSent += filesThrough(batch);
        bytesDone += batch.sent * batch.bytes;
      }
      return { ...drop, failures: [...drop.failures], filesSent, bytesDone: Math.min(bytesDone, drop.bytesTotal) };
    });
    for (const listener of this.listeners) listener();
  }
}

/** The one sender of this browser tab. */
export const uploadSender = new UploadSender();
