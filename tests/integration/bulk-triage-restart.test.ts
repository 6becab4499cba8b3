import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserActor } from "@/lib/auth/access";
import { killChild, type RunningChild, startServerCall } from "@/tests/support/child-process";
import { call } from "@/tests/support/detection-events";
import { makeUserActor } from "@/tests/support/factories";
import { s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// Issue 15, "Prove it: faults". An analyst archives 1,000 signals in one bulk change and the web server dies
// (SIGKILL) while the change is being written. Nothing may be half done: no signal archived without its
// history entry, none with two; the analyst sends the change again and every signal is archived exactly
// once; a third send changes nothing.
//
// To kill it mid-write for certain, the test holds a lock on one signal in the middle: the server's UPDATE has
// changed some rows and waits on that one when it is killed.

const SIGNALS = 1000;
const t0 = new Date("2026-04-06T09:00:00Z");

interface State {
  archived: number;
  open: number;
  entries: number;
  versions: number;
}

describe("a bulk triage cut by a killed web server", () => {
  let harness: IngestHarness;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let actor: UserActor;
  const prefix = uniquePrefix();
  const children = new Set<RunningChild>();

  beforeAll(async () => {
    harness = await createIngestHarness();
    folder = await tempFolder("bulk-restart");
    actor = await makeUserActor(harness.db, "analyst");
  }, 120_000);
  afterAll(async () => {
    for (const child of children) await killChild(child);
    await harness?.close();
    await folder?.remove();
  });

  async function state(): Promise<State> {
    const [row] = await harness.db.$queryRaw<State[]>`
      SELECT count(*) FILTER (WHERE status = 'archived' AND archive_reason = 'false_positive')::int AS archived,
             count(*) FILTER (WHERE status = 'open')::int AS open,
             (SELECT count(*)::int FROM signal_activity
               WHERE kind = 'status_changed' AND (details->>'bulk')::boolean) AS entries,
             sum(version)::int AS versions
        FROM signals`;
    if (!row) throw new Error("no state");
    return row;
  }

  const archiveAll = {
    bulkTriage: {
      filter: { status: ["open"] },
      status: "archived",
      archiveReason: "false_positive",
      comment: "a scanner of ours",
    },
  };

  async function runToEnd(): Promise<void> {
    const child = startServerCall({ url: harness.database.url, actor, call: archiveAll });
    children.add(child);
    await child.waitForLine("done", 120_000);
    await child.exited;
    children.delete(child);
  }

  test("nothing is half done, and sending it again archives each signal once", { timeout: 300_000 }, async () => {
    const events = Array.from({ length: SIGNALS }, (_, index) =>
      call({ prefix, index, time: new Date(t0.getTime() + index * 1000), user: `dev-${prefix}-${index}` }),
    );
    const ids = await harness.upload([await folder.write("denied.json", s3RecordsText(events))]);
    const [upload] = await harness.waitForUploads(ids, 120_000);
    expect(upload?.status).toBe("done");
    const before = await state();
    expect(before).toEqual({ archived: 0, open: SIGNALS, entries: 0, versions: SIGNALS });

    // Hold the middle signal, in the order the change writes them.
    const signals = await harness.db.signal.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const held = signals[SIGNALS / 2]?.id as string;
    const blocker = new pg.Client({ connectionString: harness.database.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM signals WHERE id = $1 FOR UPDATE", [held]);

      const server = startServerCall({ url: harness.database.url, actor, call: archiveAll });
      children.add(server);
      const deadline = Date.now() + 60_000;
      // Its UPDATE of the signals is under way and waits on the held row. (Asked on another connection: inside
      // the blocker's transaction, pg_stat_activity would answer from the snapshot of its first read.)
      for (;;) {
        const [row] = await harness.db.$queryRaw<{ waiting: number }[]>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE%signals%'`;
        if ((row?.waiting ?? 0) > 0) break;
        if (server.child.exitCode !== null) throw new Error(`the change ended before the kill:\n${server.output()}`);
        if (Date.now() > deadline) throw new Error(`the change never reached the signals:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await killChild(server);
      children.delete(server);
      expect(server.child.signalCode).toBe("SIGKILL");
    } finally {
      await blocker.query("ROLLBACK").catch(() => {});
      await blocker.end();
    }
    // Its server connection ends with it: the transaction is rolled back as a whole.
    const rolledBackBy = Date.now() + 30_000;
    while (
      (
        await harness.db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state <> 'idle' AND query ILIKE 'UPDATE%signals%'
           AND pid <> pg_backend_pid()`
      )[0]?.n !== 0
    ) {
      if (Date.now() > rolledBackBy) throw new Error("the killed server's transaction did not end");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await state()).toEqual(before);

    // The analyst sends it again: every signal archived, one history entry each.
    await runToEnd();
    const archived = await state();
    expect(archived).toEqual({ archived: SIGNALS, open: 0, entries: SIGNALS, versions: 2 * SIGNALS });
    const perSignal = await harness.db.$queryRaw<{ entries: number; comment: string; signals: number }[]>`
      SELECT entries, comment, count(*)::int AS signals FROM (
        SELECT count(*)::int AS entries, min(details->>'comment') AS comment
          FROM signal_activity WHERE (details->>'bulk')::boolean GROUP BY signal_id
      ) t GROUP BY entries, comment`;
    // Each signal: one entry, its status change with the analyst's comment.
    expect(perSignal).toEqual([{ entries: 1, comment: "a scanner of ours", signals: SIGNALS }]);

    // And once more: it finds nothing open, and writes nothing.
    await runToEnd();
    expect(await state()).toEqual(archived);
  });
});
