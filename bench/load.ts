import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import autocannon from "autocannon";
import { installSignalCleanup, onCleanup, runBench } from "@/bench/cleanup";
import { type Corpus, ensureCorpus } from "@/bench/corpus";
import { mulberry32 } from "@/bench/prng";

// `npm run bench:load` (issue 15, "Prove it: load"): 50 concurrent analysts browsing over loopback, against
// the app as `npm start` runs it (its own embedded PostgreSQL, one worker), first idle and then while a
// 1M-event ingest runs through the upload API. Each analyst's connection walks the Signals list, a signal
// page, the principal, IP and key views, and the Events table, in turn: flat out (each connection sends its
// next request when the last answers) and as people (a think time between steps). Reports p50/p95/p99 and
// the error rate of each run, overall and per call, and the loaded p95 against the idle one (target: no
// errors, p95 within 2×). `--think-ms`, `--connections`, `--seconds`, `--events` change the shape.
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
/** The people run's mean pause between an analyst's steps. */
const THINK_MS = Number(argValue("--think-ms", "2000"));
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

interface Step {
  label: string;
  path: string;
}

/** What an analyst opens: taken from the signals the seed data raised, so every view has data. */
async function browsingSteps(cookie: string): Promise<Step[]> {
  const signals = await json<{
    data: { id: string; principalArn: string | null; sourceIps: string[]; accessKeyIds: string[] }[];
  }>("/api/v1/signals?pageSize=20", cookie);
  const withEntities = signals.data.filter((s) => s.principalArn && s.sourceIps[0] && s.accessKeyIds[0]);
  if (withEntities.length === 0) throw new Error("the seed data raised no signal to browse");
  const steps: Step[] = [];
  for (const signal of withEntities.slice(0, 5)) {
    const principal = encodeURIComponent(signal.principalArn as string);
    steps.push(
      { label: "Signals list (API)", path: "/api/v1/signals?status=open,under_review&pageSize=50" },
      { label: "signal page (HTML)", path: `/signals/${signal.id}` },
      { label: "principal view (API)", path: `/api/v1/principals/${principal}` },
      { label: "IP view (API)", path: `/api/v1/ips/${encodeURIComponent(signal.sourceIps[0] as string)}` },
      { label: "key view (API)", path: `/api/v1/keys/${encodeURIComponent(signal.accessKeyIds[0] as string)}` },
      { label: "Events table (API)", path: "/api/v1/events?pageSize=50" },
      { label: "Events of a principal (API)", path: `/api/v1/events?principal=${principal}&pageSize=50` },
    );
  }
  return steps;
}

interface Timings {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

interface LoadResult extends Timings {
  byLabel: Map<string, Timings>;
}

function timingsOf(times: number[], errors: number): Timings {
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    errors,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

/** Response times, overall and per kind of call. */
class Recorder {
  private all: number[] = [];
  private errors = 0;
  private labels = new Map<string, { times: number[]; errors: number }>();

  add(label: string, ms: number, ok: boolean) {
    this.all.push(ms);
    const entry = this.labels.get(label) ?? { times: [], errors: 0 };
    entry.times.push(ms);
    if (!ok) {
      entry.errors++;
      this.errors++;
    }
    this.labels.set(label, entry);
  }

  addErrors(count: number) {
    this.errors += count;
  }

  result(): LoadResult {
    const byLabel = new Map([...this.labels].map(([label, entry]) => [label, timingsOf(entry.times, entry.errors)]));
    return { ...timingsOf(this.all, this.errors), byLabel };
  }
}

/**
 * CONNECTIONS connections, each sending its next request as soon as the last answers (no think time):
 * far more than that many people reading, the most the server can be asked.
 */
async function browseFlatOut(steps: Step[], cookie: string, seconds: number): Promise<LoadResult> {
  const recorder = new Recorder();
  // autocannon calls a request's onResponse just before it reports that response's time: the label to file
  // the time under.
  let answered = "";
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { cookie },
        // Each connection walks the steps in turn, as an analyst moves from list to signal to views.
        requests: steps.map((step) => ({
          method: "GET",
          path: step.path,
          onResponse: () => {
            answered = step.label;
          },
        })),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, status, _bytes, ms) => recorder.add(answered, ms, status < 400));
  });
  recorder.addErrors(result.errors + result.timeouts);
  return recorder.result();
}

/**
 * CONNECTIONS analysts as people browse: each reads what it opened for THINK_MS on average (half to one and a
 * half times that, seeded) before the next step, starting at a step of its own.
 */
async function browseAsPeople(steps: Step[], cookie: string, seconds: number): Promise<LoadResult> {
  const recorder = new Recorder();
  // Seeded, so every run sees the same think times and starting points.
  const random = mulberry32(15);
  const until = performance.now() + seconds * 1000;
  const analyst = async (start: number) => {
    await sleep(random() * THINK_MS);
    for (let at = start; performance.now() < until; at = (at + 1) % steps.length) {
      const step = steps[at] as Step;
      const began = performance.now();
      try {
        const response = await fetch(`${BASE}${step.path}`, { headers: { cookie } });
        await response.arrayBuffer();
        recorder.add(step.label, performance.now() - began, response.ok);
      } catch {
        recorder.add(step.label, performance.now() - began, false);
      }
      await sleep(THINK_MS * (0.5 + random()));
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, () => analyst(Math.floor(random() * steps.length))));
  return recorder.result();
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
  const steps = await browsingSteps(cookie);

  log(`Idle: ${CONNECTIONS} connections flat out for ${SECONDS} s, then ${CONNECTIONS} analysts with think time…`);
  const idle = {
    flatOut: await browseFlatOut(steps, cookie, SECONDS),
    people: await browseAsPeople(steps, cookie, SECONDS),
  };

  log(`Loaded: uploading ${loadCorpus.events.toLocaleString("en")} events, then the same browsing while they ingest…`);
  const ingestStarted = performance.now();
  await uploadCorpus(loadCorpus, cookie);
  await sleep(3000);
  const leftBefore = await uploadsLeft(cookie);
  const loaded = {
    flatOut: await browseFlatOut(steps, cookie, SECONDS),
    people: await browseAsPeople(steps, cookie, SECONDS),
  };
  const leftAfter = await uploadsLeft(cookie);
  log("Waiting for the ingest to finish…");
  await waitForUploads(cookie);
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  // The loaded runs read a database growing from the seed to seed + load: idle again on the grown one tells
  // what the ingest itself costs the browsing from what the extra data costs it.
  await sleep(5000);
  log("Idle again, on the grown database…");
  const after = {
    flatOut: await browseFlatOut(steps, cookie, SECONDS),
    people: await browseAsPeople(steps, cookie, SECONDS),
  };

  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const row = (name: string, r: Timings) =>
    `| ${name} | ${r.requests.toLocaleString("en")} | ${r.errors} (${((r.errors / Math.max(1, r.requests)) * 100).toFixed(2)}%) | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} |`;
  const ratioOf = (a: Timings, b: Timings) => a.p95 / Math.max(1, b.p95);
  console.log(`\nTrailTriage load test, ${new Date().toISOString()}: ${CONNECTIONS} analysts, ${SECONDS} s each run`);
  console.log(
    `Seed data: ${seedCorpus.events.toLocaleString("en")} events; ${steps.length / 5} kinds of call × 5 signals; think time ${THINK_MS} ms on average in the people runs`,
  );
  console.log("\n| run | requests | errors | p50 | p95 | p99 |");
  console.log("|---|---|---|---|---|---|");
  const during = `during a ${(LOAD_EVENTS / 1e6).toFixed(1)}M-event ingest`;
  console.log(row("flat out, idle", idle.flatOut));
  console.log(row(`flat out, ${during}`, loaded.flatOut));
  console.log(row("flat out, idle after the ingest", after.flatOut));
  console.log(row("people, idle", idle.people));
  console.log(row(`people, ${during}`, loaded.people));
  console.log(row("people, idle after the ingest", after.people));

  for (const [name, run] of [
    ["flat out", "flatOut"],
    ["people", "people"],
  ] as const) {
    console.log(`\nPer call, ${name} (p50 / p95, idle → loaded):\n`);
    console.log("| call | idle p50 | idle p95 | loaded p50 | loaded p95 | p95 ratio | idle after, p95 |");
    console.log("|---|---|---|---|---|---|---|");
    for (const [label, quiet] of idle[run].byLabel) {
      const busy = loaded[run].byLabel.get(label);
      if (!busy) continue;
      console.log(
        `| ${label} | ${ms(quiet.p50)} | ${ms(quiet.p95)} | ${ms(busy.p50)} | ${ms(busy.p95)} | ${ratioOf(busy, quiet).toFixed(2)} | ${ms(after[run].byLabel.get(label)?.p95 ?? 0)} |`,
      );
    }
  }

  const errors = [idle, loaded, after].reduce((sum, run) => sum + run.flatOut.errors + run.people.errors, 0);
  const flatRatio = ratioOf(loaded.flatOut, idle.flatOut);
  const peopleRatio = ratioOf(loaded.people, idle.people);
  console.log(
    `\nloaded p95 / idle p95: flat out ${flatRatio.toFixed(2)}, people ${peopleRatio.toFixed(2)} (target ≤ 2); against idle on the grown database: flat out ${ratioOf(loaded.flatOut, after.flatOut).toFixed(2)}, people ${ratioOf(loaded.people, after.people).toFixed(2)}; errors: ${errors} (target 0)`,
  );
  console.log(
    `ingest: ${loadCorpus.events.toLocaleString("en")} events in ${ingestSeconds.toFixed(0)} s with the browsing (${Math.round(loadCorpus.events / ingestSeconds).toLocaleString("en")} events/s); uploads still queued or processing at the start and end of the loaded runs: ${leftBefore} and ${leftAfter}`,
  );
  console.log(
    `flat out: ${errors === 0 && flatRatio <= 2 ? "PASS" : "MISS"}; people: ${errors === 0 && peopleRatio <= 2 ? "PASS" : "MISS"}`,
  );
  return 0;
}

runBench(main);
