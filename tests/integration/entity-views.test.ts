import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildEntityCorpus, type EntityCorpus, type EventFacts } from "@/tests/support/entity-corpus";
import { callKey, countOf, facet, inWindow, keyKey } from "@/tests/support/entity-expect";
import { consoleCsvText, s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// The investigation API through its route handlers, on a database filled by the real worker, against a
// count made here from the corpus's own facts. Busy entities (past the lowered detail threshold) are read
// from the summaries, the others from the events; a range with part-hours at both ends reads both.

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const THRESHOLD = 40;
const corpus: EntityCorpus = buildEntityCorpus(0x1e55_0a, uniquePrefix());
const facts = corpus.events.map((event) => event.facts);
let harness: IngestHarness;
let folder: Awaited<ReturnType<typeof tempFolder>>;
let cookie: string;
let readToken: string;
let ingestToken: string;
const routes: Record<string, Handler> = {};

beforeAll(async () => {
  folder = await tempFolder("entity-views");
  harness = await createIngestHarness(undefined, { summaryDetailThreshold: THRESHOLD });
  const json = corpus.events.filter((e) => !e.facts.isCsv).map((e) => e.json);
  const csv = corpus.events.filter((e) => e.facts.isCsv).map((e) => e.json);
  const uploads = await harness.waitForUploads(
    await harness.upload([
      await folder.write("views-1.json", s3RecordsText(json.slice(0, 900))),
      await folder.write("views-2.json", s3RecordsText(json.slice(900))),
      await folder.write("views.csv", consoleCsvText(csv)),
    ]),
  );
  expect(uploads.map((upload) => upload.status)).toEqual(["done", "done", "done"]);
  await harness.waitForSummaries();

  vi.stubEnv("DATABASE_URL", harness.database.url);
  vi.resetModules();
  const [client, sessions, users, tokens, audit] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/auth/sessions"),
    import("@/tests/support/factories"),
    import("@/lib/auth/api-tokens"),
    import("@/lib/auth/audit"),
  ]);
  const modules = {
    principal: import("@/app/api/v1/principals/[arn]/route"),
    principalTimeline: import("@/app/api/v1/principals/[arn]/timeline/route"),
    ip: import("@/app/api/v1/ips/[ip]/route"),
    ipTimeline: import("@/app/api/v1/ips/[ip]/timeline/route"),
    key: import("@/app/api/v1/keys/[id]/route"),
    keyTimeline: import("@/app/api/v1/keys/[id]/timeline/route"),
    search: import("@/app/api/v1/investigate/search/route"),
    top: import("@/app/api/v1/investigate/top/route"),
  };
  for (const [name, module] of Object.entries(modules)) routes[name] = (await module).GET as Handler;
  const db = client.getDb();
  const viewer = await users.makeUser(db, { role: "viewer" });
  const session = await sessions.createSession(db, {
    userId: viewer.id,
    policy: { idleMs: 3_600_000, maxMs: 86_400_000 },
  });
  cookie = `${sessions.SESSION_COOKIE}=${session.token}`;
  const actor = audit.systemActor("test");
  readToken = (await tokens.createApiToken(db, { token: { name: "r", scopes: ["read"] }, createdById: null, actor }))
    .token;
  ingestToken = (
    await tokens.createApiToken(db, { token: { name: "i", scopes: ["ingest"] }, createdById: null, actor })
  ).token;
});

afterAll(async () => {
  await harness?.close();
  await folder?.remove();
  vi.unstubAllEnvs();
});

async function call(
  route: string,
  params: Record<string, string>,
  query = "",
  headers: Record<string, string> = { cookie },
) {
  const url = new URL(`http://localhost/api/v1/x${query ? `?${query}` : ""}`);
  const response = await (routes[route] as Handler)(new NextRequest(url, { headers }), {
    params: Promise.resolve(params),
  });
  return { status: response.status, body: await response.json() };
}

// A range with part-hours at both ends, so whole hours come from the summaries and the ends from events.
const FROM = new Date("2026-03-01T13:17:05Z");
const TO = new Date("2026-03-03T03:41:59Z");
const RANGE = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;

const usageOf = (rows: { value: string }[], key: string) =>
  rows.map(({ value, ...rest }) => ({ [key]: value, ...rest }));

function expectedBase(events: EventFacts[]) {
  const total = countOf(events);
  return {
    eventCount: total?.count ?? 0,
    deniedCount: total?.deniedCount ?? 0,
    errorCount: total?.errorCount ?? 0,
    firstSeen: total?.firstSeen ?? null,
    lastSeen: total?.lastSeen ?? null,
    calls: facet(events, callKey)
      .slice(0, 50)
      .map(({ value, ...rest }) => {
        const [eventName, eventSource] = JSON.parse(value);
        return { eventName, eventSource, ...rest };
      }),
    regions: usageOf(facet(events, (e) => e.region).slice(0, 50), "region"),
    userAgents: usageOf(facet(events, (e) => e.userAgent).slice(0, 50), "userAgent"),
    eventSources: usageOf(facet(events, (e) => e.eventSource).slice(0, 50), "eventSource"),
  };
}

function expectedKeys(events: EventFacts[]) {
  return facet(events, keyKey)
    .slice(0, 50)
    .map(({ value, count, ...rest }) => {
      const [id, credentialType] = JSON.parse(value);
      return { id, credentialType, eventCount: count, ...rest };
    });
}

const pick = <T extends Record<string, unknown>>(body: T, keys: (keyof T)[]) =>
  Object.fromEntries(keys.map((key) => [key, body[key]]));

describe("principal view", () => {
  const principals = [
    ["the heavy principal (summaries)", corpus.heavyPrincipal],
    ["a tail principal (events)", facts.find((e) => e.principalArn?.endsWith("user/tail-3"))?.principalArn as string],
    ["an assumed role", facts.find((e) => e.principalArn?.includes("assumed-role"))?.principalArn as string],
  ] as const;

  for (const [label, arn] of principals) {
    for (const [rangeLabel, query, from, to] of [
      ["whole history", "", null, null],
      ["a range with part-hours", RANGE, FROM, TO],
    ] as const) {
      it(`counts ${label} exactly over ${rangeLabel}`, async () => {
        const { status, body } = await call("principal", { arn }, query);
        expect(status).toBe(200);
        const events = facts.filter((e) => e.principalArn === arn).filter(inWindow(from, to));
        const base = expectedBase(events);
        expect(pick(body, Object.keys(base))).toEqual(base);
        expect(body.accessKeys).toEqual(expectedKeys(events));
        expect(body.sourceIps).toEqual(usageOf(facet(events, (e) => e.ip).slice(0, 50), "ip"));
        expect(body.credentialTypes).toEqual([...new Set(events.map((e) => e.credentialType))].sort());
        expect(body.distinct.sourceIps).toBe(new Set(events.map((e) => e.ip)).size);
        const first = events[0] as EventFacts;
        expect(pick(body, ["arn", "accountId", "userName"])).toEqual({
          arn,
          accountId: first.accountId,
          userName: first.userName,
        });
        if (label.includes("heavy")) expect(body.source).toBe("summaries");
        if (label.includes("tail")) expect(body.source).toBe("events");
      });
    }
  }

  it("counts console CSV rows (no ARN) under their key and IP, never under a principal", async () => {
    const csvRow = facts.find((e) => e.isCsv) as EventFacts;
    const { body } = await call("key", { id: csvRow.accessKeyId as string });
    expect(body.eventCount).toBe(facts.filter((e) => e.accessKeyId === csvRow.accessKeyId).length);
    expect(body.principals).toEqual([]);
    expect(body.userName).toBe(csvRow.userName);
  });

  it("lists the principal's live signals, newest first, and no batch left to count", async () => {
    const { body } = await call("principal", { arn: corpus.heavyPrincipal });
    const live = await harness.db.signal.findMany({
      where: { principalArn: corpus.heavyPrincipal, mergedIntoId: null, retiredAt: null },
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      select: { id: true },
    });
    // The corpus's denied Bedrock calls with long-term keys are true positives.
    expect(live.length).toBeGreaterThan(0);
    expect(body.signalTotal).toBe(live.length);
    expect(body.signals.map((signal: { id: string }) => signal.id)).toEqual(live.slice(0, 50).map((row) => row.id));
    expect(body.pendingBatches).toBe(0);
  });
});

describe("signal messages", () => {
  it("re-renders messages stored with links to the Events page so they open the investigation views", async () => {
    const { createPool } = await import("@/lib/db/pool");
    const { refreshSignalMessages } = await import("@/lib/detection/engine/refresh-messages");
    const { entityEventsHref } = await import("@/lib/detection/links");
    const signal = await harness.db.signal.findFirstOrThrow({ where: { principalArn: corpus.heavyPrincipal } });
    expect(signal.message).toContain(`](/investigate/principals/${encodeURIComponent(corpus.heavyPrincipal)})`);
    // As the message was stored before: the same text, each view link an Events link.
    const old = signal.message
      .replace(
        /\]\(\/investigate\/principals\/([^)]+)\)/g,
        (_m, v) => `](${entityEventsHref("principal", decodeURIComponent(v))})`,
      )
      .replace(/\]\(\/investigate\/ips\/([^)]+)\)/g, (_m, v) => `](${entityEventsHref("ip", decodeURIComponent(v))})`)
      .replace(
        /\]\(\/investigate\/keys\/([^)]+)\)/g,
        (_m, v) => `](${entityEventsHref("accessKeyId", decodeURIComponent(v))})`,
      );
    expect(old).not.toBe(signal.message);
    await harness.db.signal.update({ where: { id: signal.id }, data: { message: old } });
    const pool = createPool(harness.database.url, 2);
    try {
      expect(await refreshSignalMessages(pool)).toBe(1);
      expect(await refreshSignalMessages(pool)).toBe(0);
    } finally {
      await pool.end();
    }
    const after = await harness.db.signal.findUniqueOrThrow({ where: { id: signal.id } });
    expect(after.message).toBe(signal.message);
    expect(after.version).toBe(signal.version);
  });
});

describe("IP view", () => {
  for (const [label, ip] of [
    ["the heavy IP (summaries)", corpus.heavyIp],
    ["an IPv6 address", facts.find((e) => e.ip.includes(":"))?.ip as string],
    ["an AWS service name", "bedrock.amazonaws.com"],
  ] as const) {
    it(`counts ${label} exactly, whole and over a range`, async () => {
      for (const [query, from, to] of [
        ["", null, null],
        [RANGE, FROM, TO],
      ] as const) {
        const { status, body } = await call("ip", { ip }, query);
        expect(status).toBe(200);
        const events = facts.filter((e) => e.ip === ip).filter(inWindow(from, to));
        const base = expectedBase(events);
        expect(pick(body, Object.keys(base))).toEqual(base);
        expect(body.principals).toEqual(usageOf(facet(events, (e) => e.principalArn).slice(0, 50), "arn"));
        expect(body.accessKeys).toEqual(expectedKeys(events));
        expect(body.distinct.principals).toBe(new Set(events.flatMap((e) => e.principalArn ?? [])).size);
      }
    });
  }

  it("classifies: documentation range, IPv6, and an AWS service", async () => {
    expect((await call("ip", { ip: corpus.heavyIp })).body.classification).toMatchObject({
      kind: "ipv4",
      scope: "documentation",
      isRoutable: false,
    });
    const service = await call("ip", { ip: "bedrock.amazonaws.com" });
    expect(service.body.classification.kind).toBe("aws-service");
    expect(service.body.country).toBeNull();
  });

  it("finds an address written another way (upper-case IPv6), and refuses what is no address", async () => {
    const v6 = facts.find((e) => e.ip.includes(":"))?.ip as string;
    const upper = await call("ip", { ip: v6.toUpperCase() });
    expect(upper.status).toBe(200);
    expect(upper.body.ip).toBe(v6);
    const bad = await call("ip", { ip: "1.2.3" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/ip: `1\.2\.3` is not an IPv4 or IPv6 address/);
    expect((await call("ip", { ip: "192.0.2.200" })).status).toBe(404);
  });
});

describe("key view", () => {
  it("counts the heavy principal's key exactly and fills in the remediation", async () => {
    const key = facts.find((e) => e.principalArn === corpus.heavyPrincipal)?.accessKeyId as string;
    for (const [query, from, to] of [
      ["", null, null],
      [RANGE, FROM, TO],
    ] as const) {
      const { status, body } = await call("key", { id: key }, query);
      expect(status).toBe(200);
      const events = facts.filter((e) => e.accessKeyId === key).filter(inWindow(from, to));
      const base = expectedBase(events);
      expect(pick(body, Object.keys(base))).toEqual(base);
      expect(body.sourceIps).toEqual(usageOf(facet(events, (e) => e.ip).slice(0, 50), "ip"));
      expect(body.principalArn).toBe(corpus.heavyPrincipal);
      expect(body.credentialType).toBe("long_term_key");
    }
    const { body } = await call("key", { id: key });
    expect(body.remediation.commands.map((c: { command: string }) => c.command)).toEqual([
      `aws iam update-access-key --access-key-id ${key} --status Inactive --user-name build-bot # in account 111122223333`,
      "aws iam list-access-keys --user-name build-bot # in account 111122223333",
      `aws iam get-access-key-last-used --access-key-id ${key}`,
    ]);
  });

  it("offers session revocation, not deactivation, for a temporary key", async () => {
    const key = facts.find((e) => e.credentialType === "temporary" && e.accessKeyId)?.accessKeyId as string;
    const { body } = await call("key", { id: key });
    expect(body.credentialType).toBe("temporary");
    expect(body.remediation.commands[0].command).toMatch(/^aws iam put-role-policy --role-name app-role-\d /);
  });
});

describe("timelines", () => {
  const perBucket = (events: EventFacts[], step: number) => {
    const buckets = new Map<string, { allowed: number; denied: number; failed: number }>();
    for (const e of events) {
      const start = new Date(Math.floor(e.time.getTime() / step) * step).toISOString();
      const slot = buckets.get(start) ?? { allowed: 0, denied: 0, failed: 0 };
      if (e.isDenied) slot.denied++;
      else if (e.errorCode) slot.failed++;
      else slot.allowed++;
      buckets.set(start, slot);
    }
    return buckets;
  };
  const nonEmpty = (buckets: { start: string; allowed: number; denied: number; failed: number }[]) =>
    new Map(buckets.filter((b) => b.allowed + b.denied + b.failed > 0).map(({ start, ...rest }) => [start, rest]));

  it("counts allowed, denied and failed calls per hour over the whole history, and per 15 minutes in a range", async () => {
    const events = facts.filter((e) => e.principalArn === corpus.heavyPrincipal);
    const whole = await call("principalTimeline", { arn: corpus.heavyPrincipal }, "bucket=1h");
    expect(whole.status).toBe(200);
    expect(nonEmpty(whole.body.buckets)).toEqual(perBucket(events, 3_600_000));
    const ranged = await call("principalTimeline", { arn: corpus.heavyPrincipal }, `${RANGE}&bucket=15m`);
    expect(nonEmpty(ranged.body.buckets)).toEqual(perBucket(events.filter(inWindow(FROM, TO)), 900_000));
    const daily = await call("ipTimeline", { ip: corpus.heavyIp }, `${RANGE}&bucket=1d`);
    expect(nonEmpty(daily.body.buckets)).toEqual(
      perBucket(facts.filter((e) => e.ip === corpus.heavyIp).filter(inWindow(FROM, TO)), 86_400_000),
    );
  });

  it("chooses a bucket when none is asked, and refuses too many bars", async () => {
    const chosen = await call("keyTimeline", { id: facts[0]?.accessKeyId as string });
    expect(chosen.status).toBe(200);
    expect(chosen.body.buckets.length).toBeLessThanOrEqual(120);
    const tooMany = await call(
      "principalTimeline",
      { arn: corpus.heavyPrincipal },
      "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=1m",
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^bucket: 1m buckets over this range make/);
  });
});

describe("search", () => {
  const search = async (q: string) => (await call("search", {}, `q=${encodeURIComponent(q)}`)).body;
  const values = (body: { matches: { kind: string; value: string }[] }) =>
    body.matches.map((match) => `${match.kind}:${match.value}`);

  it("recognises an ARN, an IP (v4 and v6, any case), a key id and an event id, and opens the right view", async () => {
    const arn = await search(corpus.heavyPrincipal);
    expect(arn.recognised).toBe("arn");
    expect(arn.matches).toEqual([
      expect.objectContaining({
        kind: "principal",
        value: corpus.heavyPrincipal,
        href: `/investigate/principals/${encodeURIComponent(corpus.heavyPrincipal)}`,
        eventCount: facts.filter((e) => e.principalArn === corpus.heavyPrincipal).length,
      }),
    ]);
    expect(values(await search(corpus.heavyIp))).toEqual([`ip:${corpus.heavyIp}`]);
    const v6 = facts.find((e) => e.ip.includes(":"))?.ip as string;
    expect(values(await search(`  ${v6.toUpperCase()} `))).toEqual([`ip:${v6}`]);
    const key = facts.find((e) => e.credentialType === "temporary" && e.accessKeyId)?.accessKeyId as string;
    expect(values(await search(key))).toEqual([`access_key:${key}`]);
    const event = facts[42] as EventFacts;
    const found = await search(event.eventId.toUpperCase());
    expect(found.recognised).toBe("event_id");
    expect(found.matches).toEqual([expect.objectContaining({ kind: "event", value: event.eventId })]);
  });

  it("lists a user name found in two accounts, and a role's sessions for a role ARN", async () => {
    const ana = await search("ANA");
    expect(ana.recognised).toBe("user_name");
    expect(values(ana).sort()).toEqual(
      ["principal:arn:aws:iam::111122223333:user/ana", "principal:arn:aws:iam::444455556666:user/ana"].sort(),
    );
    const session = facts.find((e) => e.principalArn?.includes("assumed-role/app-role-2/"))?.principalArn as string;
    const [, account] = session.split(":").slice(3);
    const role = await search(`arn:aws:iam::${account}:role/app-role-2`);
    expect(values(role)).toEqual([`principal:${session}`]);
  });

  it("says why garbage or an unknown value matches nothing", async () => {
    const garbage = await search("<script>alert(1)</script>");
    expect(garbage).toMatchObject({ recognised: "none", matches: [] });
    expect(garbage.message).toMatch(/not an ARN, an IP address/);
    expect((await search("nobody-here")).message).toBe("No stored principal or key of a user with this name.");
    // A NUL is refused by the request layer, naming the field (issue 15, finding 4).
    const nul = await call("search", {}, "q=a%00b");
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toBe("Invalid query: q: must not contain a NUL byte");
    expect((await call("search", {}, `q=${"x".repeat(3000)}`)).status).toBe(400);
  });
});

describe("most denied", () => {
  it("ranks principals, IPs and keys by denials over all time and over the last day of data", async () => {
    const all = (await call("top", {}, "range=all&limit=5")).body;
    const expected = facet(
      facts.filter((e) => e.principalArn),
      (e) => e.principalArn,
    )
      .filter((row) => row.deniedCount > 0)
      .sort((a, b) => b.deniedCount - a.deniedCount || (a.value < b.value ? -1 : 1))
      .slice(0, 5)
      .map((row) => ({ value: row.value, deniedCount: row.deniedCount, eventCount: row.count }));
    expect(all.principals.map(({ href: _h, ...rest }: { href: string }) => rest)).toEqual(expected);
    const day = (await call("top", {}, "range=24h")).body;
    const from = new Date(day.from);
    const to = new Date(day.to);
    expect(to.getTime() - from.getTime()).toBe(24 * 3_600_000);
    const lastDay = facts.filter((e) => e.time >= from && e.time < to);
    const topIp = facet(lastDay, (e) => e.ip).sort(
      (a, b) => b.deniedCount - a.deniedCount || (a.value < b.value ? -1 : 1),
    )[0];
    expect(day.ips[0]).toMatchObject({
      value: topIp?.value,
      deniedCount: topIp?.deniedCount,
      eventCount: topIp?.count,
    });
  });
});

describe("bad input and access", () => {
  it("answers 404 for an unknown or malformed entity, saying why, and 400 naming the problem for bad input", async () => {
    expect((await call("principal", { arn: "arn:aws:iam::000000000000:user/nobody" })).status).toBe(404);
    // A value in the path that cannot name anything is a 404, as every malformed id is (README, "API").
    const nul = await call("key", { id: "AKIA\u0000X" });
    expect(nul.status).toBe(404);
    expect(nul.body.error.message).toMatch(/access key id contains a control character/);
    const long = await call("principal", { arn: "a".repeat(100_000) });
    expect(long.status).toBe(404);
    const year0 = await call("principal", { arn: corpus.heavyPrincipal }, "from=0000-01-01");
    expect(year0.status).toBe(400);
    expect(year0.body.error.message).toMatch(/from must be an ISO 8601 time between 1970-01-01 and 9999-12-31/);
    const reversed = await call(
      "principal",
      { arn: corpus.heavyPrincipal },
      "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
    );
    expect(reversed.status).toBe(400);
  });

  it("lets a read token in and keeps an ingest-only token out", async () => {
    expect(
      (await call("principal", { arn: corpus.heavyPrincipal }, "", { authorization: `Bearer ${readToken}` })).status,
    ).toBe(200);
    expect((await call("ip", { ip: corpus.heavyIp }, "", { authorization: `Bearer ${ingestToken}` })).status).toBe(403);
  });
});

describe("a busy entity's whole-history table", () => {
  const storedCount = async (arn: string) => {
    const [row] = await harness.db.$queryRawUnsafe<{ event_count: bigint }[]>(
      `SELECT t.event_count FROM entity_facet_tops t JOIN entities e ON e.id = t.entity_id
        WHERE e.kind = 'principal' AND e.value = $1`,
      arn,
    );
    return row ? Number(row.event_count) : null;
  };

  it("is read from its stored copy while current, and counted again once more events arrive", async () => {
    const arn = corpus.heavyPrincipal;
    const before = (await call("principal", { arn })).body;
    expect(await storedCount(arn)).toBe(before.eventCount);
    // Mark the stored copy: a view that reads it shows the mark.
    await harness.db.$executeRawUnsafe(
      `UPDATE entity_facet_tops t SET payload = jsonb_set(payload, '{credentialTypes}', '["marked"]')
         FROM entities e WHERE e.id = t.entity_id AND e.kind = 'principal' AND e.value = $1`,
      arn,
    );
    expect((await call("principal", { arn })).body.credentialTypes).toEqual(["marked"]);

    // One more event of the principal: the copy no longer matches its count and is never read again.
    const model = corpus.events.find(
      (e) => e.facts.principalArn === arn && !e.facts.isCsv,
    ) as EntityCorpus["events"][0];
    const extra = { ...model.json, eventID: `${model.facts.eventId}-extra`, eventTime: "2026-03-05T10:00:00Z" };
    const [upload] = await harness.waitForUploads(
      await harness.upload([await folder.write("views-extra.json", s3RecordsText([extra]))]),
    );
    expect(upload?.status).toBe("done");
    await harness.waitForSummaries();
    const after = (await call("principal", { arn })).body;
    const events = [
      ...facts.filter((e) => e.principalArn === arn),
      { ...model.facts, time: new Date(extra.eventTime) },
    ];
    expect(after.eventCount).toBe(before.eventCount + 1);
    expect(after.credentialTypes).toEqual(before.credentialTypes);
    expect(after.calls).toEqual(expectedBase(events).calls);
    expect(await storedCount(arn)).toBe(after.eventCount);
  });
});
