import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import autocannon from "autocannon";
import { installSignalCleanup, onCleanup, runBench } from "@/bench/cleanup";
import { type Corpus, ensureCorpus } from "@/bench/corpus";

// `npm run bench:load` (issue 15, "Prove it: load"): 50 concurrent analysts browsing over loopback, against
// the app as `npm start` runs it (its own embedded PostgreSQL, one worker), first idle and then while a
// 1M-event ingest runs through the upload API. Each analyst's connection walks the Signals list, a signal
// page, the principal, IP and key views, and the Events table, in turn. Reports p50/p95/p99 and the error
// rate of both runs, and the loaded p95 against the idle one (target: no errors, p95 within 2×).
// A benchmark, not a test: it exits 1 only when it could not run.

const repoRoot = path.resolve(import.meta.dirname, "..");
const outputDir = path.join(repoRoot, ".data", "bench");
const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");
const log = (message: string) => console.error(message);
const argv = process.argv.slice(2);
const argValue = (name: string, fallback: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
};
const CONNECTIONS = Number(argValue("--connections", "50"));
const SECONDS = Number(argValue("--seconds", "30"));
const LOAD_EVENTS = Number(argValue("--events", "1000000"));
const SEED_EVENTS = 200_000;
const PORT = Number(argValue("--port", "3391"));
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "load@example.test", password: "a long load-test password" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function startApp(dataDir: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "trailtriage.mjs"), "start"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "warn",
      WORKERS: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${BASE}/api/v1/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(500);
  }
  throw new Error("the app did not answer /api/v1/health within 5 minutes");
}

async function signIn(): Promise<string> {
  const response = await fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

/** Every corpus file as an upload of its own, through the API (raw body), as a script or the browser sends them. */
async function uploadCorpus(corpus: Corpus, cookie: string): Promise<string[]> {
  const ids: string[] = [];
  for (const file of corpus.files) {
    const body = await readFile(path.join(corpus.dir, file.path));
    const name = encodeURIComponent(path.basename(file.path));
    const response = await fetch(`${BASE}/api/v1/uploads?filename=${name}`, {
      method: "POST",
      headers: { cookie, origin: BASE, "content-type": "application/gzip" },
      body,
    });
    if (response.status !== 202) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
    const accepted = (await response.json()) as { data: { id: string }[] };
    ids.push(...accepted.data.map((upload) => upload.id));
  }
  return ids;
}

async function uploadsLeft(cookie: string): Promise<number> {
  let left = 0;
  for (const status of ["queued", "processing"]) {
    const response = await fetch(`${BASE}/api/v1/uploads?status=${status}&pageSize=1`, { headers: { cookie } });
    left += ((await response.json()) as { total: number }).total;
  }
  return left;
}

async function waitForUploads(cookie: string): Promise<void> {
  while ((await uploadsLeft(cookie)) > 0) await sleep(1000);
}

async function json<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(`${BASE}${url}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** What an analyst opens: taken from the signals the seed data raised, so every view has data. */
async function browsingPaths(cookie: string): Promise<string[]> {
  const signals = await json<{
    data: { id: string; principalArn: string | null; sourceIps: string[]; accessKeyIds: string[] }[];
  }>("/api/v1/signals?pageSize=20", cookie);
  const withEntities = signals.data.filter((s) => s.principalArn && s.sourceIps[0] && s.accessKeyIds[0]);
  if (withEntities.length === 0) throw new Error("the seed data raised no signal to browse");
  const paths: string[] = [];
  for (const signal of withEntities.slice(0, 5)) {
    paths.push(
      "/api/v1/signals?status=open,under_review&pageSize=50",
      `/signals/${signal.id}`,
      `/api/v1/principals/${encodeURIComponent(signal.principalArn as string)}`,
      `/api/v1/ips/${encodeURIComponent(signal.sourceIps[0] as string)}`,
      `/api/v1/keys/${encodeURIComponent(signal.accessKeyIds[0] as string)}`,
      "/api/v1/events?pageSize=50",
      `/api/v1/events?principal=${encodeURIComponent(signal.principalArn as string)}&pageSize=50`,
    );
  }
  return paths;
}

interface LoadResult {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

async function browse(paths: string[], cookie: string, seconds: number): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { cookie },
        // Each connection walks the paths in turn, as an analyst moves from list to signal to views.
        requests: paths.map((p) => ({ method: "GET", path: p })),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status >= 400) errors++;
    });
  });
  errors += result.errors + result.timeouts;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    errors,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

async function main(): Promise<number> {
  installSignalCleanup();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dataDir = path.join(outputDir, `load-${stamp}`);
  onCleanup(() => rm(dataDir, { recursive: true, force: true }), "removing the load test's data");
  const seedCorpus = await ensureCorpus({ outputDir, sharedDataDir, seed: 2, events: SEED_EVENTS, filesOf: null, log });
  const loadCorpus = await ensureCorpus({ outputDir, sharedDataDir, seed: 1, events: LOAD_EVENTS, filesOf: null, log });

  log(`Starting the app on ${BASE} (DATA_DIR ${dataDir})…`);
  const app = startApp(dataDir);
  onCleanup(async () => {
    if (app.exitCode !== null) return;
    app.kill("SIGTERM");
    await new Promise((resolve) => app.once("exit", resolve));
  }, "stopping the app");
  await waitForHealth();
  const cookie = await signIn();

  log(`Seeding ${seedCorpus.events.toLocaleString("en")} events (${seedCorpus.files.length} uploads)…`);
  await uploadCorpus(seedCorpus, cookie);
  await waitForUploads(cookie);
  await sleep(5000); // the entity summaries catch up after the last upload
  const paths = await browsingPaths(cookie);

  log(`Idle: ${CONNECTIONS} analysts browsing for ${SECONDS} s…`);
  const idle = await browse(paths, cookie, SECONDS);

  log(`Loaded: uploading ${loadCorpus.events.toLocaleString("en")} events, then the same browsing while they ingest…`);
  const ingestStarted = performance.now();
  await uploadCorpus(loadCorpus, cookie);
  await sleep(3000);
  const leftBefore = await uploadsLeft(cookie);
  const loaded = await browse(paths, cookie, SECONDS);
  const leftAfter = await uploadsLeft(cookie);
  log("Waiting for the ingest to finish…");
  await waitForUploads(cookie);
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  const row = (name: string, r: LoadResult) =>
    `| ${name} | ${r.requests.toLocaleString("en")} | ${r.errors} (${((r.errors / Math.max(1, r.requests)) * 100).toFixed(2)}%) | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.p99.toFixed(0)} ms |`;
  console.log(`\nTrailTriage load test, ${new Date().toISOString()}: ${CONNECTIONS} analysts, ${SECONDS} s each run`);
  console.log(
    `Seed data: ${seedCorpus.events.toLocaleString("en")} events; browsing ${paths.length / 5} kinds of call × 5 signals`,
  );
  console.log("\n| run | requests | errors | p50 | p95 | p99 |");
  console.log("|---|---|---|---|---|---|");
  console.log(row("idle", idle));
  console.log(row(`during a ${(LOAD_EVENTS / 1e6).toFixed(1)}M-event ingest`, loaded));
  const ratio = loaded.p95 / Math.max(1, idle.p95);
  console.log(
    `\nloaded p95 / idle p95: ${ratio.toFixed(2)} (target ≤ 2); errors: ${idle.errors + loaded.errors} (target 0)`,
  );
  console.log(
    `ingest: ${loadCorpus.events.toLocaleString("en")} events in ${ingestSeconds.toFixed(0)} s with the browsing (${Math.round(loadCorpus.events / ingestSeconds).toLocaleString("en")} events/s); uploads still queued or processing at the start and end of the loaded run: ${leftBefore} and ${leftAfter}`,
  );
  const pass = idle.errors + loaded.errors === 0 && ratio <= 2;
  console.log(pass ? "PASS" : "MISS");
  return 0;
}

runBench(main);
