#!/usr/bin/env node
// `npm test`: every suite in order (lint, typecheck, unit, integration against a real PostgreSQL,
// build, e2e in Chromium), then one closing line, "N passed, N failed", summed over all of them.
//
//   node scripts/test.mjs [lint|typecheck|unit|integration|e2e ...]   (default: all)
//
// TEST_EXTERNAL_DATABASE_URL=postgresql://… runs the integration suite a second time against that
// server when it answers (CI sets it to the machine's PostgreSQL).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import pg from "pg";
import { chromiumLaunchOptions } from "./chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// Not test-results/: Playwright empties that folder (its outputDir) when it starts, vitest's reports with it.
const results = path.join(root, "test-reports");
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const all = ["lint", "typecheck", "unit", "integration", "e2e"];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const name of wanted) {
  if (!all.includes(name)) {
    console.error(`Unknown suite "${name}". Choose from: ${all.join(", ")}.`);
    process.exit(2);
  }
}

const { DATABASE_URL: _ignored, ...envWithoutDatabase } = process.env;
const baseEnv = { ...envWithoutDatabase, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.FORCE_COLOR ?? "1" };
const tally = [];
/** Failed tests, named with their first error lines, printed before the summary. */
const failures = [];

function run(command, args, env = baseEnv) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function banner(title) {
  console.log(`\n\u001b[1m━━ ${title} ━━\u001b[0m`);
}

/** A check that is one pass or one fail (lint, typecheck, build). */
function check(name, command, args) {
  banner(name);
  const { ok, seconds } = run(command, args);
  tally.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitest(name, project, env) {
  banner(name);
  const output = path.join(results, `${name.replace(/\W+/g, "-")}.json`);
  rmSync(output, { force: true });
  const { ok, seconds } = run(
    bin("vitest"),
    ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${output}`],
    env,
  );
  const report = readJson(output);
  const passed = report?.numPassedTests ?? 0;
  const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
  // A runner that failed without failing a test (a crash, a setup error) still counts as a failure.
  const failed = (report?.numFailedTests ?? 0) || (ok ? 0 : 1);
  tally.push({ name, passed, failed, skipped, seconds });
  for (const file of report?.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      failures.push({
        where: `${name}: ${path.relative(root, file.name)} › ${test.fullName ?? test.title}`,
        message: (test.failureMessages ?? []).join("\n"),
      });
    }
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) {
      failures.push({ where: `${name}: ${path.relative(root, file.name)}`, message: file.message ?? "" });
    }
  }
}

/** Failed tests of a Playwright JSON report: title path and first error. */
function playwrightFailures(suites, titles = []) {
  for (const suite of suites ?? []) {
    const inSuite = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "expected" || test.status === "skipped") continue;
        const result = (test.results ?? []).find((r) => r.status !== "passed") ?? test.results?.[0];
        failures.push({
          where: `e2e: ${[...inSuite, spec.title].join(" › ")} (${test.status})`,
          message: result?.error?.message ?? "",
        });
      }
    }
    playwrightFailures(suite.suites, inSuite);
  }
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function e2e() {
  if (!check("build", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"])) {
    tally.push({ name: "e2e (chromium)", passed: 0, failed: 1, skipped: 0, seconds: "0.0" });
    return;
  }
  banner("e2e (chromium)");
  const output = path.join(results, "e2e.json");
  rmSync(output, { force: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trailtriage-e2e-"));
  const { ok, seconds } = run(bin("playwright"), ["test"], { ...baseEnv, TT_E2E_DATA_DIR: dataDir });
  rmSync(dataDir, { recursive: true, force: true });
  const report = readJson(output);
  const stats = report?.stats;
  playwrightFailures(report?.suites);
  const failed = (stats?.unexpected ?? 0) + (stats?.flaky ?? 0) || (ok ? 0 : 1);
  tally.push({ name: "e2e (chromium)", passed: stats?.expected ?? 0, failed, skipped: stats?.skipped ?? 0, seconds });
}

if (wanted.includes("lint")) check("lint (biome)", bin("biome"), ["check", "."]);
if (wanted.includes("typecheck")) check("typecheck (tsc)", bin("tsc"), ["--noEmit"]);
if (wanted.includes("unit")) vitest("unit", "unit", baseEnv);
if (wanted.includes("integration")) {
  vitest("integration (embedded PostgreSQL)", "integration", baseEnv);
  const external = process.env.TEST_EXTERNAL_DATABASE_URL;
  if (external && (await answers(external))) {
    vitest("integration (external PostgreSQL)", "integration", { ...baseEnv, DATABASE_URL: external });
  } else if (external) {
    console.log(`\nTEST_EXTERNAL_DATABASE_URL does not answer; the external-database pass is not run.`);
  }
}
if (wanted.includes("e2e")) {
  if (existsSync(chromiumLaunchOptions.executablePath)) e2e();
  else {
    console.error("\nChromium is missing: install it (apt-get install -y chromium) or set CHROMIUM_PATH.");
    tally.push({ name: "e2e (chromium)", passed: 0, failed: 1, skipped: 0, seconds: "0.0" });
  }
}

// What failed, at the end where a log's tail shows it, so a red run names its cause without scrolling.
if (failures.length > 0) {
  banner("failures");
  for (const failure of failures) {
    console.log(`✗ ${failure.where}`);
    const lines = stripVTControlCharacters(failure.message)
      .split("\n")
      .filter((line) => line.trim() && !/^\s*at .*(node_modules|node:internal|<anonymous>)/.test(line));
    for (const line of lines.slice(0, 12)) console.log(`    ${line.slice(0, 300)}`);
  }
}

banner("summary");
for (const row of tally) {
  const skipped = row.skipped ? `, ${row.skipped} skipped` : "";
  console.log(`${row.name.padEnd(36)} ${row.passed} passed, ${row.failed} failed${skipped}  (${row.seconds}s)`);
}
const sum = (key) => tally.reduce((total, row) => total + row[key], 0);
const skippedTotal = sum("skipped");
console.log(`${sum("passed")} passed, ${sum("failed")} failed${skippedTotal ? `, ${skippedTotal} skipped` : ""}`);
process.exit(sum("failed") === 0 ? 0 : 1);
