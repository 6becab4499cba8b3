#!/usr/bin/env node
// The `trailtriage` command. The CLI is TypeScript that shares lib/ with the web app; tsx loads it.
import { register } from "tsx/esm/api";

register();
await import("../lib/cli/main.ts");
