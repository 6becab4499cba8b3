import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserActor } from "@/lib/auth/access";
import { killChild, type RunningChild, startServerCall, startWorkerChild } from "@/tests/support/child-process";
import { call, minutes, userArn } from "@/tests/support/detection-events";
import { makeUserActor } from "@/tests/support/factories";
import { s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness, testLimits } from "@/tests/support/ingest";

// Issue 15, "Prove it: faults". A suppression change commits with the groups it touches queued; the process
// that made it (the web server) then regroups them one by one, and any worker drains what is left. Kill the
// process making the change in the middle of its regrouping, then kill a worker in the middle of draining
// the rest: the next worker finishes, and the signals are exactly what the recipe below says, each change
// in each signal's history once.
//
// The recipe, counted here without the engine: GROUPS users, each with a session of three denied calls from
// their office (10 minutes) and, eight hours later, a session of two denied calls from the CI runner. The
// suppression covers the CI runner's address, so it touches every group and hides every second session.

const GROUPS = 1500;
const OFFICE_IP = "203.0.113.10";
const CI_IP = "198.51.100.66";
const t0 = new Date("2026-03-02T06:00:00Z");

interface State {
  live: number;
  hidden: number;
  grouped: number;
  suppressedMatches: number;
  queued: number;
}

describe("a suppression recompute cut by killed processes", () => {
  let harness: IngestHarness;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let actor: UserActor;
  const prefix = uniquePrefix();
  const children = new Set<RunningChild>();

  beforeAll(async () => {
    harness = await createIngestHarness();
    folder = await tempFolder("suppression-restart");
    actor = await makeUserActor(harness.db, "admin");
  }, 120_000);
  afterAll(async () => {
    for (const child of children) await killChild(child);
    await harness?.close();
    await folder?.remove();
  });

  const user = (group: number) => `svc-${prefix}-${group}`;

  async function state(): Promise<State> {
    const [row] = await harness.db.$queryRaw<State[]>`
      SELECT (SELECT count(*)::int FROM signals WHERE merged_into_id IS NULL AND retired_at IS NULL) AS live,
             (SELECT count(*)::int FROM signals WHERE retired_at IS NOT NULL AND cardinality(suppressed_by_ids) > 0) AS hidden,
             (SELECT count(DISTINCT se.event_id)::int FROM signal_events se JOIN signals s ON s.id = se.signal_id
               WHERE s.merged_into_id IS NULL AND s.retired_at IS NULL) AS grouped,
             (SELECT count(*)::int FROM suppressed_matches) AS "suppressedMatches",
             (SELECT count(DISTINCT (rule_id, group_key))::int FROM detection_dirty_groups) AS queued`;
    if (!row) throw new Error("no state");
    return row;
  }

  /** The change, made as the web server makes it, in a child killed once its regrouping is part way. */
  async function changeAndKill(change: unknown): Promise<State> {
    const child = startServerCall({ url: harness.database.url, actor, call: change });
    children.add(child);
    const deadline = Date.now() + 120_000;
    let seen = await state();
    // Killed once the change is committed and its regrouping has done some groups and not most.
    while (!(seen.queued > 0 && seen.queued < GROUPS * 0.8)) {
      if (child.child.exitCode !== null) throw new Error(`the change finished before the kill:\n${child.output()}`);
      if (Date.now() > deadline) throw new Error(`the regrouping did not start: ${JSON.stringify(seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen = await state();
    }
    await killChild(child);
    children.delete(child);
    expect(child.child.signalCode).toBe("SIGKILL");
    return state();
  }

  async function drainInWorkers(options: { killFirst: boolean }): Promise<State> {
    let worker = await startWorkerChild({ url: harness.database.url, dataDir: harness.dataDir, limits: testLimits });
    children.add(worker);
    if (options.killFirst) {
      // The worker drains the queue when it starts: killed part way through that too.
      const deadline = Date.now() + 120_000;
      let seen = await state();
      const before = seen.queued;
      while (!(seen.queued > 0 && seen.queued < before)) {
        if (seen.queued === 0) throw new Error("the worker drained everything before the kill");
        if (Date.now() > deadline) throw new Error(`the worker did not drain: ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen = await state();
      }
      await killChild(worker);
      children.delete(worker);
      expect((await state()).queued).toBeGreaterThan(0);
      worker = await startWorkerChild({ url: harness.database.url, dataDir: harness.dataDir, limits: testLimits });
      children.add(worker);
    }
    const deadline = Date.now() + 120_000;
    let after = await state();
    while (after.queued > 0) {
      if (Date.now() > deadline) throw new Error(`the worker left groups queued: ${JSON.stringify(after)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await state();
    }
    await killChild(worker);
    children.delete(worker);
    return after;
  }

  /** Each signal's suppress/unsuppress entries: exactly `expected` of each per CI session's signal. */
  async function historyCounts() {
    const rows = await harness.db.$queryRaw<{ kind: string; signals: number; entries: number }[]>`
      SELECT kind::text, count(DISTINCT signal_id)::int AS signals, count(*)::int AS entries
        FROM signal_activity WHERE kind IN ('suppressed', 'unsuppressed') GROUP BY kind ORDER BY kind`;
    return Object.fromEntries(rows.map((row) => [row.kind, { signals: row.signals, entries: row.entries }]));
  }

  test("the next worker finishes the regrouping: every CI session hidden, then back, each once", {
    timeout: 600_000,
  }, async () => {
    const events = [];
    let index = 0;
    for (let group = 0; group < GROUPS; group++) {
      const start = new Date(t0.getTime() + group * 1000);
      for (const offset of [0, 5, 10]) {
        events.push(call({ prefix, index: index++, time: minutes(start, offset), user: user(group), ip: OFFICE_IP }));
      }
      for (const offset of [480, 485]) {
        events.push(call({ prefix, index: index++, time: minutes(start, offset), user: user(group), ip: CI_IP }));
      }
    }
    const ids = await harness.upload([await folder.write("sessions.json", s3RecordsText(events))]);
    const [upload] = await harness.waitForUploads(ids, 180_000);
    expect(upload?.status).toBe("done");
    // Nothing in this process may regroup behind the test's back: the worker that ingested stops here.
    await harness.worker?.stop();
    harness.worker = null;
    const whole: State = { live: 2 * GROUPS, hidden: 0, grouped: 5 * GROUPS, suppressedMatches: 0, queued: 0 };
    expect(await state()).toEqual(whole);
    const signalIds = await harness.db.signal.findMany({ select: { id: true }, orderBy: { id: "asc" } });

    // Suppress the CI runner. The change commits with all GROUPS groups queued; the process dies part way.
    const cut = await changeAndKill({
      createSuppression: {
        name: "CI runner",
        reason: "the CI runner's discovery calls are expected",
        conditions: [{ field: "sourceIp", operator: "equals", values: [CI_IP] }],
        startsAt: "2026-01-01T00:00:00Z",
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    // Half done, and it says so: the groups not yet regrouped are still queued.
    expect(cut.queued).toBeGreaterThan(0);
    expect(cut.hidden).toBeGreaterThan(0);
    expect(cut.hidden).toBeLessThan(GROUPS);
    const [suppression] = await harness.db.suppression.findMany();
    expect(suppression?.name).toBe("CI runner");

    const hiddenState: State = {
      live: GROUPS,
      hidden: GROUPS,
      grouped: 3 * GROUPS,
      suppressedMatches: 2 * GROUPS,
      queued: 0,
    };
    expect(await drainInWorkers({ killFirst: false })).toEqual(hiddenState);
    const hidden = await harness.db.signal.findMany({
      where: { retiredAt: { not: null } },
      select: { principalArn: true, eventCount: true, suppressedByIds: true, sourceIps: true },
    });
    expect(new Set(hidden.map((signal) => signal.principalArn))).toEqual(
      new Set(Array.from({ length: GROUPS }, (_, group) => userArn(user(group)))),
    );
    for (const signal of hidden) {
      expect(signal).toMatchObject({ eventCount: 2, suppressedByIds: [suppression?.id], sourceIps: [CI_IP] });
    }
    expect(await historyCounts()).toEqual({ suppressed: { signals: GROUPS, entries: GROUPS } });

    // Disable it: the change's process dies part way, then the first worker dies part way through the rest.
    const cutAgain = await changeAndKill({
      updateSuppression: { id: suppression?.id, patch: { enabled: false, version: 1 } },
    });
    expect(cutAgain.queued).toBeGreaterThan(0);
    expect(await drainInWorkers({ killFirst: true })).toEqual(whole);
    // The same signals came back (no new ones, none lost), each suppressed once and brought back once.
    expect(await harness.db.signal.findMany({ select: { id: true }, orderBy: { id: "asc" } })).toEqual(signalIds);
    expect(await historyCounts()).toEqual({
      suppressed: { signals: GROUPS, entries: GROUPS },
      unsuppressed: { signals: GROUPS, entries: GROUPS },
    });
  });
});
