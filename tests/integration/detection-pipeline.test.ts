import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, minutes, userArn } from "@/tests/support/detection-events";
import { s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// Detection through the real pipeline: uploads are ingested by the worker, matched in each batch, and
// grouped into signals before the upload says done.

let harness: IngestHarness;
let folder: Awaited<ReturnType<typeof tempFolder>>;

beforeAll(async () => {
  harness = await createIngestHarness();
  folder = await tempFolder("detection");
});
afterAll(async () => {
  await harness?.close();
  await folder?.remove();
});

async function ingest(name: string, events: Record<string, unknown>[]) {
  const file = await folder.write(name, s3RecordsText(events));
  const ids = await harness.upload([file]);
  const [upload] = await harness.waitForUploads(ids);
  expect(upload?.status).toBe("done");
}

const liveSignals = (user: string) =>
  harness.db.signal.findMany({
    where: { principalArn: userArn(user), mergedIntoId: null, retiredAt: null },
    orderBy: { firstSeen: "asc" },
  });

describe("detection in the ingest pipeline", () => {
  it("groups denied discovery calls into sessions, raises on follow-up, and merges when a gap is filled", async () => {
    const prefix = uniquePrefix();
    const user = `pipeline-${prefix}`;
    const t0 = new Date("2026-03-01T10:00:00Z");
    await ingest("first.json", [
      call({ prefix, index: 1, user, time: t0 }),
      call({ prefix, index: 2, user, time: minutes(t0, 10), eventName: "GetFoundationModel" }),
      call({ prefix, index: 3, user, time: minutes(t0, 30) }),
      // after a gap of 2 h: a second signal
      call({
        prefix,
        index: 4,
        user,
        time: minutes(t0, 150),
        eventSource: "sagemaker.amazonaws.com",
        eventName: "ListModels",
        errorCode: "AccessDenied",
      }),
      // the same key then succeeds from the same IP: follow-up for the first signal
      call({
        prefix,
        index: 5,
        user,
        time: minutes(t0, 45),
        eventSource: "s3.amazonaws.com",
        eventName: "ListBuckets",
        errorCode: null,
      }),
      // near misses
      call({ prefix, index: 6, user, time: minutes(t0, 11), errorCode: "ValidationException" }),
      call({
        prefix,
        index: 7,
        user,
        time: minutes(t0, 12),
        identityType: "AssumedRole",
        arn: `arn:aws:sts::111122223333:assumed-role/r/${user}`,
      }),
    ]);
    const before = await liveSignals(user);
    expect(before.map((s) => [s.eventCount, s.severity])).toEqual([
      [3, "high"],
      [1, "medium"],
    ]);
    expect(before[0]?.followUp).toMatchObject({ count: 1, topCalls: [{ eventName: "ListBuckets", count: 1 }] });
    expect(before[0]?.title).toContain(userArn(user));
    const [older, newer] = before as [(typeof before)[number], (typeof before)[number]];

    // A later upload fills the gap (30 min -> 90 min -> 150 min): one signal, the older one survives.
    await ingest("second.json", [call({ prefix, index: 8, user, time: minutes(t0, 90) })]);
    const after = await liveSignals(user);
    expect(after.map((s) => [s.id, s.eventCount])).toEqual([[older.id, 5]]);
    const absorbed = await harness.db.signal.findUniqueOrThrow({ where: { id: newer.id } });
    expect(absorbed.mergedIntoId).toBe(older.id);
    const history = await harness.db.signalActivity.findMany({ where: { signalId: older.id }, orderBy: { id: "asc" } });
    expect(history.map((entry) => entry.kind)).toEqual(["created", "severity_changed", "new_matches", "merged"]);
  });

  it("a later upload with only a successful call from the signal's IP raises it to high; one from elsewhere does not", async () => {
    const prefix = uniquePrefix();
    const user = `later-${prefix}`;
    const t0 = new Date("2026-03-05T10:00:00Z");
    await ingest("denied.json", [call({ prefix, index: 1, user, time: t0, ip: "198.51.100.5" })]);
    expect((await liveSignals(user)).map((s) => s.severity)).toEqual(["medium"]);

    const success = { eventSource: "s3.amazonaws.com", eventName: "GetObject", errorCode: null };
    await ingest("elsewhere.json", [
      call({ prefix, index: 2, user, time: minutes(t0, 30), ip: "198.51.100.6", ...success }),
    ]);
    expect((await liveSignals(user)).map((s) => s.severity)).toEqual(["medium"]);

    await ingest("followed.json", [
      call({ prefix, index: 3, user, time: minutes(t0, 45), ip: "198.51.100.5", ...success }),
    ]);
    const [signal] = await liveSignals(user);
    expect(signal?.severity).toBe("high");
    expect(signal?.followUp).toMatchObject({ count: 1, topCalls: [{ eventName: "GetObject", count: 1 }] });
    // A day later is outside the window: still one follow-up call.
    await ingest("late.json", [
      call({ prefix, index: 4, user, time: minutes(t0, 25 * 60), ip: "198.51.100.5", ...success }),
    ]);
    expect((await liveSignals(user))[0]?.followUp).toMatchObject({ count: 1 });
  });
});
