import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "@/lib/db/embedded";

// The integration suite runs against a real PostgreSQL: the one in DATABASE_URL when given
// (CI runs the suite a second time that way), an embedded cluster in a temporary folder otherwise.
// Each test then creates databases of its own on that server.

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    databaseKind: "embedded" | "external";
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide("adminDatabaseUrl", external);
    project.provide("databaseKind", "external");
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "trailtriage-it-"));
  const db = await startEmbeddedDatabase({ dataDir });
  project.provide("adminDatabaseUrl", db.url);
  project.provide("databaseKind", "embedded");
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
