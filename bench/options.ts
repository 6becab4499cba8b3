import { parseArgs } from "node:util";

// Flags win over the environment, which wins over the defaults. The benchmark is a developer tool outside
// the app, so it reads its own BENCH_* variables here rather than through lib/env.ts.

export interface BenchOptions {
  events: number;
  seed: number;
  bigMb: number;
  big: boolean;
  /** Write V8 CPU profiles of the worker processes (node --cpu-prof) under .data/bench. */
  cpuProf: boolean;
  /** Also run the files through an ingest-only worker, to report detection's cost as a ratio. */
  baseline: boolean;
  /** Files of exactly this many events (real S3 prefixes: thousands of small files); null: 2,000–5,000. */
  filesOf: number | null;
  /** With --files-of: also send each file as an upload of its own (how every folder went before issue 14). */
  perFile: boolean;
}

export const USAGE = `npm run bench:ingest -- [--events N] [--seed N] [--big-mb N | --no-big]

  --events N   events in the multi-file corpus (env BENCH_EVENTS; default 1000000; 100k and 1m work)
  --seed N     corpus seed (env BENCH_SEED; default 1)
  --big-mb N   size of the single large upload, MiB uncompressed (env BENCH_BIG_MB; default 1024)
  --no-big     skip the large-upload scenario
  --cpu-prof   also write a V8 CPU profile of each worker process to .data/bench/profile-<time>/
  --no-baseline  skip the ingest-only run (DETECTION=off) that detection's cost is measured against,
               and the warm-up run that puts both on the same footing

  --files-of N  files of exactly N events (env BENCH_FILES_OF; S3 prefixes hold thousands of files of a
               few dozen to a few hundred events). Sends the folder the ways users do: as the CLI does
               (one upload holding the folder), as the browser does (one multipart request, ?bundle=),
               and times jq selecting the rule's matches from the same files for comparison
  --per-file   with --files-of, also send each file as an upload of its own (the old way, slow)

DATABASE_URL: measure that server (scratch databases are created and dropped) instead of a fresh embedded one.`;

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.replace(/[_,]/g, "").trim());
  const scale = { "": 1, k: 1e3, m: 1e6 }[(match?.[2] ?? "").toLowerCase() as "" | "k" | "m"];
  const parsed = match ? Math.round(Number(match[1]) * scale) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive whole number, not ${value}`);
  return parsed;
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: "string" },
      seed: { type: "string" },
      "big-mb": { type: "string" },
      "no-big": { type: "boolean" },
      "cpu-prof": { type: "boolean" },
      "no-baseline": { type: "boolean" },
      "files-of": { type: "string" },
      "per-file": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  return {
    events: count("--events", values.events ?? process.env.BENCH_EVENTS, 1_000_000),
    seed: count("--seed", values.seed ?? process.env.BENCH_SEED, 1),
    bigMb: count("--big-mb", values["big-mb"] ?? process.env.BENCH_BIG_MB, 1024),
    big: !values["no-big"],
    cpuProf: values["cpu-prof"] === true,
    baseline: !values["no-baseline"],
    filesOf:
      (values["files-of"] ?? process.env.BENCH_FILES_OF)
        ? count("--files-of", values["files-of"] ?? process.env.BENCH_FILES_OF, 100)
        : null,
    perFile: values["per-file"] === true,
  };
}
