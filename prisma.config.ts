import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate; and migrate on machines that have the schema engine).
// The app never reads this: it resolves its database in lib/db/database.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/trailtriage" },
});
