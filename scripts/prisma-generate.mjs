#!/usr/bin/env node
// `prisma generate` first looks for the schema engine binary and tries to download it, which fails
// offline. Generation never runs that binary, so any existing file satisfies the lookup
// (see ../shared/ENVIRONMENT.md). A real binary, when the user has one, is left alone.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync(process.execPath, [`${root}node_modules/prisma/build/index.js`, "generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
