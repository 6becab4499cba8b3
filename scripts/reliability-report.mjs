#!/usr/bin/env node
// `npm run reliability`: writes the findings and faults tables of docs/reliability.md from the reports of the
// last `npm test` (test-reports/*.json: vitest's and Playwright's JSON reporters), so the doc shows what the
// tests last said rather than what someone remembers. Each case names its tests by file and title; a case
// whose tests did not run says so, and one that failed says that.
//
//   npm test && npm run reliability            (or: node scripts/reliability-report.mjs --results <dir>)

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const resultsDir = argv.includes("--results")
  ? path.resolve(argv[argv.indexOf("--results") + 1])
  : path.join(root, "test-reports");
const docPath = path.join(root, "docs", "reliability.md");

/** [file (relative to tests/), title pattern]: every test of that file whose full title matches. */
const FINDINGS = [
  {
    case: "1. Open redirect after sign-in (`/login?next=/.//evil.example/pwn` and kin)",
    fix: "`lib/auth/safe-next.ts`: one same-origin path after normalisation and decoding, no `//` or `/\\`",
    tests: [
      ["unit/safe-next.test.ts", /./],
      ["e2e/auth.spec.ts", /cannot send the analyst to another site/],
    ],
  },
  {
    case: "2. The lockout could be raced (25 concurrent wrong passwords, all 401)",
    fix: "`lib/auth/login.ts`: each attempt counted under the counters' row locks before its password is checked",
    tests: [["integration/auth.test.ts", /at most 5 passwords of 50 concurrent|burst of parallel attempts/]],
  },
  {
    case: "3. The client IP came from a client-set `X-Forwarded-For`",
    fix: "`lib/cli/serve.ts` passes the TCP peer; `lib/auth/client-ip.ts` believes only hops `TRUSTED_PROXIES` trusts",
    tests: [
      ["unit/client-ip.test.ts", /./],
      ["e2e/auth.spec.ts", /X-Forwarded-For does not choose/],
    ],
  },
  {
    case: "4. NUL bytes gave 500 (filters, JSON bodies, exports)",
    fix: "`withRoute` refuses a NUL in the query, path or body with a 400 naming the field",
    tests: [
      ["integration/request-hardening.test.ts", /./],
      ["integration/events-api.test.ts", /NUL byte/],
      ["integration/signals-api.test.ts", /NUL byte/],
    ],
  },
  {
    case: "5. Dates PostgreSQL cannot store gave 500",
    fix: "one `instant` schema (1970–9999), 400 naming the field and the range",
    tests: [
      ["integration/events-api.test.ts", /date PostgreSQL cannot store/],
      ["integration/signals-api.test.ts", /date PostgreSQL cannot store/],
    ],
  },
  {
    case: "6. A record nested 100,000 levels was stored; its raw view answered 500",
    fix: "ingest rejects past 64 levels (`lib/cloudtrail/depth.ts`); the event view shows an older one as text",
    tests: [
      ["integration/ingest-bad-input.test.ts", /nested past 64 levels/],
      ["integration/events-api.test.ts", /nested 100,000 levels/],
      ["unit/record-depth.test.ts", /./],
    ],
  },
  {
    case: "7. A temporary password was enforced by the API only",
    fix: "`requireUser` sends every page but `/settings` there",
    tests: [["e2e/auth.spec.ts", /temporary password must be replaced/]],
  },
  {
    case: "8. `%` and `_` were wildcards in the signals search",
    fix: "`containsText` (`lib/db/like.ts`) for every free-text search",
    tests: [["integration/signals-api.test.ts", /% and _ in the search/]],
  },
  {
    case: "9. `/api/v1/uploads` carried no security headers",
    fix: "the route sets them (`lib/api/security-headers.ts`)",
    tests: [["e2e/security-headers.spec.ts", /upload route/]],
  },
];

const FAULTS = [
  {
    case: "Worker killed (SIGKILL) during an ingest, once and twice",
    tests: [["integration/ingest-restart.test.ts", /./]],
    holds: "every event stored once, counts exact",
  },
  {
    case: "Two workers, one killed at 20 random points, overlapping folders, the same folder twice",
    tests: [["integration/ingest-workers.test.ts", /./]],
    holds: "counts and signals equal an independent count",
  },
  {
    case: "The same 30,000 events uploaded four times at once",
    tests: [["integration/ingest-concurrency.test.ts", /./]],
    holds: "stored once, counted once",
  },
  {
    case: "Worker killed during a rule re-evaluation (150,000 events)",
    tests: [["integration/reevaluate-restart.test.ts", /./]],
    holds: "the next worker finishes it: the new version's matches once each, the same signals, nothing queued",
  },
  {
    case: "A suppression recompute cut twice: the change's process killed mid-regrouping, then a draining worker",
    tests: [["integration/suppression-restart.test.ts", /./]],
    holds:
      "1,500 groups: every CI session hidden, then back; the same signal ids; each suppressed and brought back exactly once in its history",
  },
  {
    case: "The web server's process killed during a bulk triage of 1,000 signals (held mid-write)",
    tests: [["integration/bulk-triage-restart.test.ts", /./]],
    holds: "nothing half done; a resend archives each once with one history entry; a third changes nothing",
  },
  {
    case: "`npm start` stopped by SIGINT / SIGTERM, also in the middle of an ingest",
    tests: [["e2e/lifecycle.spec.ts", /./]],
    holds: "web server and PostgreSQL stop with no orphan; exit 143; the upload finishes after a restart",
  },
  {
    case: "PostgreSQL stopped and started again under the running app",
    tests: [["integration/database-restart.test.ts", /./]],
    holds:
      "health 503 in under 5 s, other routes 503 `UNAVAILABLE` with `Retry-After`, no hang; both 200 again, no app restart",
  },
  {
    case: "Database unreachable from the start",
    tests: [["e2e/health.spec.ts", /./]],
    holds: "health 503 with a reason; pages explain instead of a blank screen",
  },
  {
    case: "The disk filling during an upload (a 2 MiB tmpfs as the data folder)",
    tests: [["integration/upload-disk-full.test.ts", /./]],
    holds:
      "507 `INSUFFICIENT_STORAGE` that says what to do (it said 400 'interrupted'); no row, no partial file; the same request taken once there is space",
  },
  {
    case: "Readers and normaliser fuzzed (random bytes, random JSON, mutated real files)",
    tests: [["unit/reader-fuzz.test.ts", /./]],
    holds: "every outcome an event or a named rejection; each input under 5 s; memory bounded",
  },
];

/** Every test of every report: { run, file (relative to tests/), title, status, ms }. */
function readResults() {
  if (!existsSync(resultsDir)) throw new Error(`no test results in ${resultsDir}: run npm test first`);
  const out = [];
  let newest = 0;
  for (const name of readdirSync(resultsDir).filter((file) => file.endsWith(".json"))) {
    const file = path.join(resultsDir, name);
    newest = Math.max(newest, statSync(file).mtimeMs);
    const report = JSON.parse(readFileSync(file, "utf8"));
    const run = name
      .replace(/\.json$/, "")
      .replace(/-+$/, "")
      .replace(/-/g, " ");
    if (report.testResults) {
      for (const suite of report.testResults) {
        const relative = path.relative(path.join(root, "tests"), suite.name).split(path.sep).join("/");
        const fileName = relative.startsWith("..") ? suite.name.split("/tests/").at(-1) : relative;
        for (const test of suite.assertionResults ?? []) {
          out.push({
            run,
            file: fileName,
            title: test.fullName ?? test.title,
            status: test.status,
            ms: test.duration ?? 0,
          });
        }
      }
    } else if (report.suites) {
      const walk = (suites, titles) => {
        for (const suite of suites ?? []) {
          const inner = suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles;
          for (const spec of suite.specs ?? []) {
            for (const test of spec.tests ?? []) {
              const results = test.results ?? [];
              out.push({
                run: "e2e",
                file: `e2e/${spec.file.split("/").at(-1)}`,
                title: [...inner, spec.title].join(" "),
                status: test.status === "expected" ? "passed" : test.status === "skipped" ? "skipped" : "failed",
                ms: results.reduce((sum, r) => sum + (r.duration ?? 0), 0),
              });
            }
          }
          walk(suite.suites, inner);
        }
      };
      walk(report.suites, []);
    }
  }
  return { tests: out, at: new Date(newest) };
}

function outcome(results, tests) {
  const matched = results.filter((result) =>
    tests.some(([file, pattern]) => result.file === file && pattern.test(result.title)),
  );
  const ran = matched.filter((result) => result.status === "passed" || result.status === "failed");
  if (ran.length === 0) return "**not run** in the last reports";
  const failed = ran.filter((result) => result.status === "failed").length;
  const runs = [...new Set(ran.map((result) => result.run))].join(", ");
  const seconds = (Math.max(...ran.map((result) => result.ms)) / 1000).toFixed(1);
  return failed > 0
    ? `**${failed} of ${ran.length} failed** (${runs})`
    : `passed (${ran.length} ${ran.length === 1 ? "test" : "tests"}; ${runs}); longest ${seconds} s`;
}

const testNames = (tests) => [...new Set(tests.map(([file]) => `\`tests/${file}\``))].join(", ");

function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function replaceBetween(text, marker, body) {
  const start = `<!-- generated:${marker}:start -->`;
  const end = `<!-- generated:${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/reliability.md lacks the ${marker} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const { tests, at } = readResults();
const stamp = `Generated by \`npm run reliability\` from the test reports of ${at.toISOString().slice(0, 16).replace("T", " ")} UTC.`;
let doc = readFileSync(docPath, "utf8");
doc = replaceBetween(
  doc,
  "findings",
  `${stamp}\n\n${table(
    ["finding", "fix", "tests", "last run"],
    FINDINGS.map((item) => [item.case, item.fix, testNames(item.tests), outcome(tests, item.tests)]),
  )}`,
);
doc = replaceBetween(
  doc,
  "faults",
  `${stamp}\n\n${table(
    ["case", "what must hold", "tests", "last run"],
    FAULTS.map((item) => [item.case, item.holds, testNames(item.tests), outcome(tests, item.tests)]),
  )}`,
);
writeFileSync(docPath, doc);
console.log(
  `docs/reliability.md: ${FINDINGS.length} findings and ${FAULTS.length} fault cases from ${tests.length} test results`,
);
