import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { checkDatabase } from "@/lib/server/health";
import { createMigratedDatabase, type TestDatabase } from "@/tests/support/databases";

// The HTTP side (200 and 503 from a running server) is covered in tests/e2e/health.spec.ts.
describe("database health check", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createMigratedDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("is ok when the database answers", async () => {
    const prisma = createPrismaClient(db.url);
    try {
      expect(await checkDatabase(() => prisma)).toEqual({ ok: true });
    } finally {
      await prisma.$disconnect();
    }
  });

  it("reports a missing configuration as unhealthy rather than throwing", async () => {
    const health = await checkDatabase(() => {
      throw new Error("DATABASE_URL is not set.");
    });
    expect(health).toEqual({ ok: false, reason: "database unreachable: DATABASE_URL is not set." });
  });

  it("reports the reason when nothing listens at the database address", async () => {
    const prisma = createPrismaClient("postgresql://nobody:nothing@127.0.0.1:1/none");
    try {
      const health = await checkDatabase(() => prisma);
      expect(health.ok).toBe(false);
      expect(health.reason).toMatch(/^database unreachable: /);
    } finally {
      await prisma.$disconnect();
    }
  });
});
