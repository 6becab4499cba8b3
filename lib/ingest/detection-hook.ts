import type pg from "pg";
import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";

// Where detection plugs into ingestion. Ingestion hands every stored batch to each registered step, in
// the transaction that stores it, with only the events that batch newly stored: an event is seen by
// detection exactly once, however often it is uploaded. When an upload's last batch has committed, each
// step hears of it once more (to group matches into signals, say). The detection issue registers its
// step here; ingestion does not change.

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

export interface DetectionStep {
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

const steps: DetectionStep[] = [];

/** Adds a step; a step already registered (the same object) is not added twice. */
export function registerDetectionStep(step: DetectionStep): () => void {
  if (!steps.includes(step)) steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index !== -1) steps.splice(index, 1);
  };
}

export function detectionSteps(): readonly DetectionStep[] {
  return steps;
}
