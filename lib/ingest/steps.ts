import type pg from "pg";
import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";

// What ingestion offers the steps that follow it. Ingestion hands every stored batch to each step it was
// started with, in the transaction that stores it, with only the events that batch newly stored: an
// event is seen exactly once, however often it is uploaded. When an upload's last batch has committed,
// each step hears of it once more (to group matches into signals, say). Ingestion knows no step by name:
// the worker's entry (lib/worker/start.ts) hands it detection's.

export interface StoredEvent extends NormalizedEvent {
  /** The event as it came (JSON text). */
  raw: string;
}

export interface StoredBatch {
  uploadId: string;
  /**
   * Without their events.id: allocating one per event cost ingest measurable throughput, and the
   * eventKey (unique) finds the row in the batch's transaction when a step needs it.
   */
  events: readonly StoredEvent[];
}

export interface IngestStep {
  name: string;
  /**
   * Runs inside the batch's transaction. Throwing rolls the whole batch back (events and progress);
   * the job then retries it, so a step must not have effects outside the transaction.
   */
  onBatch(tx: pg.ClientBase, batch: StoredBatch): Promise<void>;
  /**
   * After the upload's last batch committed, before the upload is marked done (so "done" includes its
   * signals). May run again after a crash, so it must be idempotent.
   */
  onUploadDone(uploadId: string, pool: pg.Pool): Promise<void>;
}

/** A worker's steps: fixed at its start, plus any added later (a test's recorder) until removed. */
export class IngestSteps {
  private readonly list: IngestStep[];

  constructor(steps: readonly IngestStep[] = []) {
    this.list = [...steps];
  }

  /** Adds a step; the same object twice is added once. Returns its removal. */
  add(step: IngestStep): () => void {
    if (!this.list.includes(step)) this.list.push(step);
    return () => {
      const index = this.list.indexOf(step);
      if (index !== -1) this.list.splice(index, 1);
    };
  }

  all(): readonly IngestStep[] {
    return this.list;
  }
}
