import "server-only";
import { getDb } from "@/lib/db/client";

export interface Overview {
  hasEvents: boolean;
}

/** What the empty states need to know: is there anything yet? An existence check, never a count of events. */
export async function getOverview(): Promise<Overview> {
  const anyEvent = await getDb().event.findFirst({ select: { id: true } });
  return { hasEvents: anyEvent !== null };
}
