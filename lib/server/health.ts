import type { Database } from "@/lib/db/client";

export interface DatabaseHealth {
  ok: boolean;
  reason?: string;
}

/**
 * One round trip to the database, bounded in time so a hung server cannot hang the probe.
 * Takes the client lazily so a missing configuration is reported as unhealthy, not as a crash.
 */
export async function checkDatabase(getDb: () => Database, timeoutMs = 3000): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([getDb().$queryRaw`SELECT 1`, timeout]);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `database unreachable: ${message.split("\n")[0]}` };
  } finally {
    clearTimeout(timer);
  }
}
