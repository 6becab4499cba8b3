// `node --import ./bench/register.mjs bench/<file>.ts`: runs the benchmark's TypeScript with the project's
// tsconfig (for the @/ paths), as bin/trailtriage.mjs does for the CLI.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
