import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Database = PrismaClient;

export function createPrismaClient(url: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5000, max: 10 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { trailtriagePrisma?: PrismaClient };

/**
 * The process-wide client. `npm start` resolves the database (embedded or DATABASE_URL) before the
 * web server starts and hands it over as DATABASE_URL, so the server always has one.
 */
export function getDb(): PrismaClient {
  if (!globalForPrisma.trailtriagePrisma) {
    if (!env.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides the database.");
    }
    globalForPrisma.trailtriagePrisma = createPrismaClient(env.DATABASE_URL);
  }
  return globalForPrisma.trailtriagePrisma;
}

/** The client or a transaction: data functions take either, so callers choose the transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;
