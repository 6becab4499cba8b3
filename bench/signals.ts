import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { installSignalCleanup, onCleanup, runBench } from "@/bench/cleanup";
import { startBenchServer } from "@/bench/database";
import type { UserActor } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/client";
import { ensureBuiltInRules } from "@/lib/detection/engine/rules-store";
import type { SignalFilters, SignalSort } from "@/lib/signals/filters";

// `npm run bench:signals`: how fast the Signals explorer answers over many signals (issue 6). It fills a
// scratch database with N signals (default 100,000; `--signals N`) shaped like real ones (a few hundred
// principals, shared IPs and keys, every status, severity and assignee), then times what the page asks
// for: a page of the list in each order and under each filter (with its status counts), related signals,
// a full export, and bulk changes. The server functions are called directly, as the route handlers call
// them. A benchmark, not a test: it reports, and exits 1 only when a count is not the one it planted.

const TARGET_LIST_P95_MS = 150;
const RUNS = 15;

const argv = process.argv.slice(2);
const argValue = (name: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const signalCount = Number(argValue("--signals") ?? 100_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(runs: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm: plans and caches, as a page that has been open for a while
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<number> {
  installSignalCleanup();
  const repoRoot = path.resolve(import.meta.dirname, "..");
  const runDir = path.join(repoRoot, ".data", "bench", `signals-${Date.now()}`);
  onCleanup(() => rm(runDir, { recursive: true, force: true }), "removing the run folder");
  const server = await startBenchServer({ runDir, repoRoot });
  onCleanup(() => server.stop(), "stopping PostgreSQL");
  const scratch = await server.createDatabase("signals");
  onCleanup(() => scratch.drop(), "dropping the scratch database");
  const cpus = os.cpus();
  console.log(`TrailTriage signals explorer benchmark, ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(`PostgreSQL ${server.version}, ${server.kind}; ${signalCount.toLocaleString("en-US")} signals`);

  // The server functions use the process-wide client: point it at the scratch database.
  const db = createPrismaClient(scratch.url);
  (globalThis as { trailtriagePrisma?: unknown }).trailtriagePrisma = db;
  const { listSignals, signalsForExport } = await import("@/lib/server/signals");
  const { listRelatedSignals } = await import("@/lib/server/related-signals");
  const { bulkUpdateSignals } = await import("@/lib/server/signal-triage");

  const client = new pg.Pool({ connectionString: scratch.url, max: 2 });
  onCleanup(() => client.end(), "closing the pool");
  await ensureBuiltInRules(client);
  const users = await Promise.all(
    ["Ada", "Grace", "Alan", "Edsger", "Barbara"].map(async (name) => {
      const { rows } = await client.query<{ id: string }>(
        "INSERT INTO users (email, name, role) VALUES ($1, $2, 'analyst') RETURNING id",
        [`${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`, name],
      );
      return { id: rows[0]?.id as string, name };
    }),
  );
  const me = users[0] as { id: string; name: string };

  // Signals in SQL, in one statement: i picks the principal (400), IPs (from 150), key, severity,
  // status (half open, a fifth under review, the rest archived), assignee (a third unassigned), size and
  // times (a year, newest last).
  const filled = performance.now();
  await client.query(
    `INSERT INTO signals (rule_id, rule_version_id, group_key, severity, status, archive_reason, assignee_id,
       title, message, principal_arn, account_id, first_seen, last_seen, event_count, event_names,
       event_sources, aws_regions, source_ips, user_agents, access_key_ids, error_codes)
     SELECT r.id, r.version_id, 'arn:aws:iam::111122223333:user/p' || (i % 400),
       (ARRAY['info','low','medium','medium','high','critical'])[1 + i % 6]::"Severity",
       (CASE WHEN i % 10 < 5 THEN 'open' WHEN i % 10 < 7 THEN 'under_review' ELSE 'archived' END)::"SignalStatus",
       (CASE WHEN i % 10 >= 7 THEN 'false_positive' END)::"ArchiveReason",
       (CASE WHEN i % 3 = 0 THEN NULL ELSE ($1::uuid[])[1 + i % 5] END),
       'Denied Bedrock discovery by long-term key: arn:aws:iam::111122223333:user/p' || (i % 400), 'bench',
       'arn:aws:iam::111122223333:user/p' || (i % 400), '111122223333',
       timestamptz '2025-11-01' + (i::float8 / $2) * interval '365 days',
       timestamptz '2025-11-01' + (i::float8 / $2) * interval '365 days' + (i % 120) * interval '1 minute',
       1 + (i * 7919) % 97, ARRAY['ListFoundationModels','GetFoundationModel'], ARRAY['bedrock.amazonaws.com'],
       ARRAY['us-east-1'], ARRAY['198.51.' || (i % 150) / 100 || '.' || (i % 150), '203.0.113.' || (i % 7)],
       ARRAY['aws-cli/2.15.0'], ARRAY['AKIA' || lpad((i % 400)::text, 16, '0')], ARRAY['AccessDenied']
     FROM generate_series(1, $2) AS i,
       (SELECT rv.rule_id AS id, rv.id AS version_id FROM rule_versions rv LIMIT 1) AS r`,
    [users.map((user) => user.id), signalCount],
  );
  // A steady installation has been vacuumed (autovacuum): the visibility map lets counts read indexes only.
  await client.query("VACUUM ANALYZE signals");
  console.log(`Filled in ${((performance.now() - filled) / 1000).toFixed(1)} s`);

  const { rows: truth } = await client.query<{ status: string; n: string }>(
    "SELECT status, count(*) AS n FROM signals GROUP BY status",
  );
  const expected = Object.fromEntries(truth.map((row) => [row.status, Number(row.n)]));
  const page = { page: 1, pageSize: 50 };
  const needsTriage: SignalFilters = { status: ["open", "under_review"] };
  const viewer = { userId: me.id };
  const first = await listSignals({ filters: needsTriage, page, viewer });
  const planted = (expected.open ?? 0) + (expected.under_review ?? 0);
  if (first.total !== planted || first.counts.archived !== (expected.archived ?? 0)) {
    console.error(
      `Counts differ from the planted ones: ${JSON.stringify(first.counts)} against ${JSON.stringify(expected)}`,
    );
    return 1;
  }

  const cases: { name: string; run: () => Promise<unknown> }[] = [];
  for (const sort of ["-lastSeen", "lastSeen", "-firstSeen", "-severity", "severity", "-eventCount"] as SignalSort[]) {
    cases.push({
      name: `needs triage, sort ${sort}`,
      run: () => listSignals({ filters: needsTriage, sort, page, viewer }),
    });
  }
  cases.push(
    {
      name: "needs triage, page 200",
      run: () => listSignals({ filters: needsTriage, page: { page: 200, pageSize: 50 }, viewer }),
    },
    { name: "all statuses", run: () => listSignals({ filters: {}, page, viewer }) },
    {
      name: "severity high+critical",
      run: () => listSignals({ filters: { ...needsTriage, severity: ["high", "critical"] }, page, viewer }),
    },
    { name: "assignee me", run: () => listSignals({ filters: { ...needsTriage, assignee: "me" }, page, viewer }) },
    { name: "unassigned", run: () => listSignals({ filters: { ...needsTriage, assignee: "none" }, page, viewer }) },
    {
      name: "principal",
      run: () => listSignals({ filters: { principal: "arn:aws:iam::111122223333:user/p17" }, page, viewer }),
    },
    { name: "source IP", run: () => listSignals({ filters: { ip: "198.51.1.117" }, page, viewer }) },
    {
      name: "access key",
      run: () => listSignals({ filters: { accessKeyId: `AKIA${"17".padStart(16, "0")}` }, page, viewer }),
    },
    // Search by part of a principal's name; "user/p17" shares its trigrams with every title, "p17" does not.
    { name: "free text, p17", run: () => listSignals({ filters: { ...needsTriage, q: "p17" }, page, viewer }) },
    {
      name: "free text, user/p17",
      run: () => listSignals({ filters: { ...needsTriage, q: "user/p17" }, page, viewer }),
    },
    {
      name: "time range (a week)",
      run: () =>
        listSignals({
          filters: { ...needsTriage, from: new Date("2026-03-01"), to: new Date("2026-03-08") },
          page,
          viewer,
        }),
    },
  );

  console.log("\nA page of 50 with the status counts (what the Signals page asks for):");
  let worst = 0;
  for (const item of cases) {
    const result = await time(RUNS, item.run);
    worst = Math.max(worst, result.p95);
    console.log(`  ${item.name.padEnd(28)} p50 ${ms(result.p50).padStart(9)}   p95 ${ms(result.p95).padStart(9)}`);
  }

  const { rows: sample } = await client.query<{ id: string }>("SELECT id FROM signals ORDER BY random() LIMIT 1");
  const related = await time(RUNS, () => listRelatedSignals(sample[0]?.id as string));
  console.log(`\nRelated signals of one signal: p50 ${ms(related.p50)}, p95 ${ms(related.p95)}`);

  const exportStarted = performance.now();
  let exported = 0;
  for await (const _row of signalsForExport({ filters: needsTriage, sort: "-severity", viewer })) exported++;
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  console.log(
    `Export of everything needing triage, by severity: ${exported.toLocaleString("en-US")} signals in ${exportSeconds.toFixed(2)} s (${Math.round(exported / exportSeconds).toLocaleString("en-US")} signals/s)`,
  );
  if (exported !== planted) {
    console.error(`The export gave ${exported} signals, not the ${planted} planted`);
    return 1;
  }

  const actor: UserActor = {
    kind: "user",
    userId: me.id,
    email: "bench@example.test",
    name: me.name,
    role: "analyst",
    sessionId: randomUUID(),
    mustChangePassword: false,
  };
  const { rows: some } = await client.query<{ id: string }>(
    "SELECT id FROM signals WHERE status = 'open' ORDER BY id LIMIT 1000",
  );
  let started = performance.now();
  const byIds = await bulkUpdateSignals({ change: { ids: some.map((row) => row.id), status: "under_review" }, actor });
  const idsMs = performance.now() - started;
  started = performance.now();
  const byFilter = await bulkUpdateSignals({
    change: { filter: { principal: "arn:aws:iam::111122223333:user/p3" }, comment: "Same leaked key" },
    actor,
  });
  const filterMs = performance.now() - started;
  console.log(
    `Bulk: 1,000 listed signals under review in ${ms(idsMs)} (${byIds.changed} changed); a comment on all ${byFilter.matched} of one principal's in ${ms(filterMs)}`,
  );
  if (byIds.changed !== 1000) {
    console.error(`The bulk change changed ${byIds.changed} signals, not 1,000`);
    return 1;
  }

  console.log(
    `\nTarget: a page of the list at p95 under ${TARGET_LIST_P95_MS} ms with ${signalCount.toLocaleString("en-US")} signals: worst p95 ${ms(worst)}, ${worst <= TARGET_LIST_P95_MS ? "met" : "MISSED"}`,
  );
  await db.$disconnect();
  return 0;
}

runBench(main);
