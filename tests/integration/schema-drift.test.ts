import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, createMigratedDatabase, repoRoot, type TestDatabase } from "@/tests/support/databases";
import { findSchemaDrift, readDmmf } from "@/tests/support/schema-drift";

const schemaPath = path.join(repoRoot, "prisma", "schema.prisma");

describe("schema drift", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createMigratedDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("finds prisma/schema.prisma and the migrated database in agreement", async () => {
    const client = await connect(db.url);
    try {
      expect(await findSchemaDrift(client, await readDmmf(schemaPath))).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("reports each kind of disagreement when the database moves away from the schema", async () => {
    const drifted = await createMigratedDatabase();
    const client = await connect(drifted.url);
    try {
      await client.query(`
        ALTER TABLE "events" DROP COLUMN "user_agent";
        ALTER TABLE "events" ALTER COLUMN "aws_region" SET NOT NULL;
        ALTER TABLE "uploads" ALTER COLUMN "events_parsed" TYPE BIGINT;
        ALTER TABLE "signals" ALTER COLUMN "version" SET DEFAULT 2;
        ALTER TABLE "rules" ADD COLUMN "stray" TEXT;
        CREATE INDEX "events_extra_idx" ON "events"("request_id");
        DROP INDEX "events_source_ip_event_time_idx";
        ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey";
        ALTER TYPE "Severity" ADD VALUE 'extreme';
        CREATE TABLE "orphan" (id int);
      `);
      const problems = await findSchemaDrift(client, await readDmmf(schemaPath));
      const expectations = [
        /column events\.user_agent .* is missing/,
        /column events\.aws_region: NOT NULL in the database/,
        /column uploads\.events_parsed: database type int8, schema expects int4/,
        /column signals\.version: default 2, schema expects 1/,
        /column rules\.stray exists only in the database/,
        /index events_extra_idx on events exists only in the database/,
        /index events_source_ip_event_time_idx .* is missing/,
        /foreign key sessions_user_id_fkey .* is missing/,
        /enum Severity: database has \(.*extreme\)/,
        /table orphan exists only in the database/,
      ];
      for (const pattern of expectations)
        expect(
          problems.some((line) => pattern.test(line)),
          String(pattern),
        ).toBe(true);
      expect(problems).toHaveLength(expectations.length);
    } finally {
      await client.end();
      await drifted.drop();
    }
  });
});
