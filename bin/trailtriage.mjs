#!/usr/bin/env node
// The `trailtriage` command. The CLI is TypeScript that shares lib/ with the web app; tsx loads it,
// with the project's tsconfig (for the @/ paths) wherever the command is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../lib/cli/main.ts");
