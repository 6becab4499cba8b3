import "server-only";
import { getDb } from "@/lib/db/client";

export interface Overview {
  hasEvents: boolean;
  openSignals: number;
  uploads: number;
}

/** What the empty states need: is there anything yet? Existence checks, not counts, on events. */
export async function getOverview(): Promise<Overview> {
  const db = getDb();
  const [anyEvent, openSignals, uploads] = await Promise.all([
    db.event.findFirst({ select: { id: true } }),
    db.signal.count({ where: { status: { in: ["open", "under_review"] }, mergedIntoId: null } }),
    db.upload.count(),
  ]);
  return { hasEvents: anyEvent !== null, openSignals, uploads };
}
