import { createPrismaClient } from "@/lib/db/client";
import { resolveDatabase } from "@/lib/db/database";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export const cliLogs = {
  log: (message: string) => logger.info(message),
  postgresLog: (message: string) => logger.debug(message),
};

/**
 * Runs a command against the project's database: DATABASE_URL, the embedded cluster a running server
 * already has open on DATA_DIR, or the embedded cluster started just for this command.
 */
export async function withDatabase<T>(work: (db: PrismaClient, url: string) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(env, cliLogs);
  const db = createPrismaClient(database.url);
  try {
    return await work(db, database.url);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}
