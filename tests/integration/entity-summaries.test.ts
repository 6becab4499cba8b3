import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityKey } from "@/lib/entities/kinds";
import { buildEntityCorpus, type EntityCorpus, type EventFacts, shuffle } from "@/tests/support/entity-corpus";
import { consoleCsvText, gzip, jsonLinesText, s3RecordsText, tempFolder, uniquePrefix } from "@/tests/support/fixtures";
import { createIngestHarness, type IngestHarness } from "@/tests/support/ingest";

// The entity summaries behind the investigation views must be exact: every total, hour and facet equals
// a count made here from the generator's own facts (not through the database), and a second database fed
// the same events shuffled, split across formats and partly twice holds the same rows. The detail
// threshold is low, so busy entities become detailed part-way through, in a different upload each time,
// and their facets are built from the events already counted plus what follows.

const THRESHOLD = 40;
const corpus: EntityCorpus = buildEntityCorpus(0x5eed_e7, uniquePrefix());
let folder: Awaited<ReturnType<typeof tempFolder>>;
const harnesses: IngestHarness[] = [];

beforeAll(async () => {
  folder = await tempFolder("entity-summaries");
});
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await folder?.remove();
});

async function ingest(files: string[][]): Promise<IngestHarness> {
  const harness = await createIngestHarness(undefined, { summaryDetailThreshold: THRESHOLD });
  harnesses.push(harness);
  for (const round of files) {
    const uploads = await harness.waitForUploads(await harness.upload(round), 60_000);
    expect(uploads.map((upload) => upload.status)).toEqual(round.map(() => "done"));
  }
  // The summariser counts what the uploads stored, a second or so behind them.
  await harness.waitForSummaries();
  return harness;
}

const hourOf = (time: Date) => new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000).toISOString();
const maxOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

interface Counts {
  events: number;
  denied: number;
  errors: number;
  first: string;
  last: string;
}
const addTo = (counts: Counts | undefined, facts: EventFacts): Counts => {
  const time = facts.time.toISOString();
  return {
    events: (counts?.events ?? 0) + 1,
    denied: (counts?.denied ?? 0) + (facts.isDenied ? 1 : 0),
    errors: (counts?.errors ?? 0) + (facts.errorCode ? 1 : 0),
    first: counts && counts.first < time ? counts.first : time,
    last: counts && counts.last > time ? counts.last : time,
  };
};

/** What each event names, per kind; CSV rows have no ARN, so they count under their key, IP and account. */
function sidesOf(facts: EventFacts): [string, string][] {
  const sides: [string, string][] = [
    ["ip", facts.ip],
    ["account", facts.accountId],
  ];
  if (facts.principalArn) sides.push(["principal", facts.principalArn]);
  if (facts.accessKeyId) sides.push(["access_key", facts.accessKeyId]);
  return sides;
}

function facetsOf(kind: string, facts: EventFacts): [string, string][] {
  const all: [string, string | null][] = [
    ["principal", facts.principalArn],
    ["access_key", JSON.stringify([facts.accessKeyId, facts.credentialType])],
    ["ip", facts.ip],
    ["call", JSON.stringify([facts.eventName, facts.eventSource])],
    ["region", facts.region],
    ["user_agent", facts.userAgent],
  ];
  return all.filter(
    (pair): pair is [string, string] => pair[1] !== null && (pair[0] !== kind || kind === "access_key"),
  );
}

/** The summaries, counted from the corpus itself. */
function expected() {
  const entities = new Map<string, Counts & { kind: string; value: string; attrs: (string | null)[] }>();
  const hours = new Map<string, Counts>();
  for (const { facts } of corpus.events) {
    for (const [kind, value] of sidesOf(facts)) {
      const key = `${kind}|${value}`;
      const previous = entities.get(key);
      const named = kind === "principal" || kind === "access_key";
      const attrs = named
        ? [
            facts.accountId,
            facts.isCsv ? null : facts.principalArn?.includes(":user/") ? "IAMUser" : "AssumedRole",
            facts.userName,
          ]
        : [null, null, null];
      entities.set(key, {
        ...addTo(previous, facts),
        kind,
        value,
        attrs: previous ? previous.attrs.map((old, i) => maxOf(old, attrs[i] ?? null)) : attrs,
      });
      hours.set(`${key}|${hourOf(facts.time)}`, addTo(hours.get(`${key}|${hourOf(facts.time)}`), facts));
    }
  }
  const detailed = new Set(
    [...entities.entries()].filter(([, e]) => e.kind !== "account" && e.events >= THRESHOLD).map(([key]) => key),
  );
  const facets = new Map<string, Counts>();
  const facetHours = new Map<string, Counts>();
  for (const { facts } of corpus.events) {
    for (const [kind, value] of sidesOf(facts)) {
      if (!detailed.has(`${kind}|${value}`)) continue;
      for (const [dim, dimValue] of facetsOf(kind, facts)) {
        const key = `${kind}|${value}|${dim}|${dimValue}`;
        facets.set(key, addTo(facets.get(key), facts));
        facetHours.set(`${key}|${hourOf(facts.time)}`, addTo(facetHours.get(`${key}|${hourOf(facts.time)}`), facts));
      }
    }
  }
  return { entities, hours, detailed, facets, facetHours };
}

/** The summary tables of a database, in the same terms, sorted. */
async function summaries(harness: IngestHarness) {
  const db = harness.db;
  const entities = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT kind::text, value, event_count::int AS events, denied_count::int AS denied, error_count::int AS errors,
            first_seen, last_seen, account_id, principal_type, principal_name, is_detailed, id::text
       FROM entities ORDER BY kind, value`,
  );
  const hours = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT e.kind::text, e.value, h.hour, h.event_count AS events, h.denied_count AS denied, h.error_count AS errors
       FROM entity_hours h JOIN entities e ON e.id = h.entity_id ORDER BY e.kind, e.value, h.hour`,
  );
  const facets = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT e.kind::text, e.value, f.dim::text, f.value AS dim_value, f.event_count::int AS events,
            f.denied_count::int AS denied, f.error_count::int AS errors, f.first_seen, f.last_seen, f.value_id::text
       FROM entity_facets f JOIN entities e ON e.id = f.entity_id ORDER BY 1, 2, 3, 4`,
  );
  const facetHours = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT e.kind::text, e.value, h.dim::text, f.value AS dim_value, h.hour, h.event_count AS events,
            h.denied_count AS denied, h.error_count AS errors, h.first_seen, h.last_seen
       FROM entity_facet_hours h JOIN entities e ON e.id = h.entity_id
       JOIN entity_facets f ON f.entity_id = h.entity_id AND f.dim = h.dim AND f.value_id = h.value_id
      ORDER BY 1, 2, 3, 4, 5`,
  );
  return { entities, hours, facets, facetHours };
}

/** Facet values are JSON arrays for keys and calls; PostgreSQL spaces them differently from JSON.stringify. */
const facetValue = (dim: string, value: string) =>
  dim === "access_key" || dim === "call" ? JSON.stringify(JSON.parse(value)) : value;
const iso = (value: unknown) => (value as Date).toISOString();

describe("entity summaries", () => {
  let first: IngestHarness;
  let tables: Awaited<ReturnType<typeof summaries>>;
  const want = expected();

  beforeAll(async () => {
    const json = corpus.events.filter((event) => !event.facts.isCsv).map((event) => event.json);
    const csv = corpus.events.filter((event) => event.facts.isCsv).map((event) => event.json);
    first = await ingest([
      [
        await folder.write("a-1.json", s3RecordsText(json.slice(0, 1000))),
        await folder.write("a-2.json", s3RecordsText(json.slice(1000))),
        await folder.write("a.csv", consoleCsvText(csv)),
      ],
    ]);
    tables = await summaries(first);
  });

  it("plants the shape it claims: a heavy principal and IP, a long tail, detailed and plain entities", () => {
    const heavy = want.entities.get(`principal|${corpus.heavyPrincipal}`);
    expect(heavy?.events).toBeGreaterThan(500);
    expect(want.entities.get(`ip|${corpus.heavyIp}`)?.events).toBeGreaterThan(500);
    const principals = [...want.entities.values()].filter((e) => e.kind === "principal");
    expect(principals.filter((e) => e.events <= 5).length).toBeGreaterThan(100);
    expect(want.detailed.size).toBeGreaterThan(20);
    expect(want.facets.size).toBeGreaterThan(500);
  });

  it("counts every entity exactly: events, denials, errors, first and last seen, identity", () => {
    expect(
      tables.entities.map((row) => ({
        key: `${row.kind}|${row.value}`,
        events: row.events,
        denied: row.denied,
        errors: row.errors,
        first: iso(row.first_seen),
        last: iso(row.last_seen),
        attrs: [row.account_id, row.principal_type, row.principal_name],
        detailed: row.is_detailed,
      })),
    ).toEqual(
      [...want.entities.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, e]) => ({
          key,
          events: e.events,
          denied: e.denied,
          errors: e.errors,
          first: e.first,
          last: e.last,
          attrs: e.attrs,
          detailed: want.detailed.has(key),
        })),
    );
  });

  it("keys each entity as entity_key(kind, value) does in JavaScript", () => {
    for (const row of tables.entities) expect(row.id).toBe(entityKey(row.kind as "ip", row.value as string));
    for (const row of tables.facets) expect(row.value_id).toBe(entityKey(row.dim as "ip", row.dim_value as string));
  });

  it("counts every hour of every entity exactly", () => {
    const actual = new Map(
      tables.hours.map((row) => [
        `${row.kind}|${row.value}|${iso(row.hour)}`,
        { events: row.events, denied: row.denied, errors: row.errors },
      ]),
    );
    const wanted = new Map(
      [...want.hours.entries()].map(([key, c]) => [key, { events: c.events, denied: c.denied, errors: c.errors }]),
    );
    expect(actual).toEqual(wanted);
  });

  it("keeps facets, over the whole history and per hour, for the detailed entities only, exactly", () => {
    const actual = new Map(
      tables.facets.map((row) => [
        `${row.kind}|${row.value}|${row.dim}|${facetValue(row.dim as string, row.dim_value as string)}`,
        {
          events: row.events,
          denied: row.denied,
          errors: row.errors,
          first: iso(row.first_seen),
          last: iso(row.last_seen),
        },
      ]),
    );
    expect(actual).toEqual(want.facets);
    const actualHours = new Map(
      tables.facetHours.map((row) => [
        `${row.kind}|${row.value}|${row.dim}|${facetValue(row.dim as string, row.dim_value as string)}|${iso(row.hour)}`,
        {
          events: row.events,
          denied: row.denied,
          errors: row.errors,
          first: iso(row.first_seen),
          last: iso(row.last_seen),
        },
      ]),
    );
    expect(actualHours).toEqual(want.facetHours);
  });

  it("holds the same rows when the events arrive shuffled, split across formats, and partly twice", async () => {
    const json = shuffle(
      corpus.events.filter((event) => !event.facts.isCsv).map((event) => event.json),
      7,
    );
    const csv = shuffle(
      corpus.events.filter((event) => event.facts.isCsv).map((event) => event.json),
      8,
    );
    const part = (k: number, of: number) => json.filter((_, i) => i % of === k);
    const again = json.filter((_, i) => i % 4 === 0);
    const second = await ingest([
      // Small pieces one after another: busy entities cross the threshold in a different upload than in
      // the first database, with part of their events still to come.
      [await folder.write("b-0.jsonl", jsonLinesText(part(0, 6)))],
      [await folder.write("b-1.json.gz", gzip(s3RecordsText(part(1, 6))))],
      [
        await folder.write("b-2.json", s3RecordsText(part(2, 6))),
        await folder.write("b-3.jsonl.gz", gzip(jsonLinesText(part(3, 6)))),
        await folder.write("b-again.json", s3RecordsText(again)),
        await folder.write("b-csv-1.csv", consoleCsvText(csv.slice(0, 10))),
      ],
      [
        await folder.write("b-4.json", s3RecordsText(part(4, 6))),
        await folder.write("b-5.json", s3RecordsText(part(5, 6))),
        await folder.write("b-csv-2.csv", consoleCsvText(csv.slice(5))),
        await folder.write("b-again-2.jsonl", jsonLinesText(again.slice(0, 200))),
      ],
    ]);
    expect(await second.db.event.count()).toBe(corpus.events.length);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ id: _id, ...row }) => row);
    const other = await summaries(second);
    expect(strip(other.entities)).toEqual(strip(tables.entities));
    expect(other.hours).toEqual(tables.hours);
    expect(other.facets).toEqual(tables.facets);
    expect(other.facetHours).toEqual(tables.facetHours);
  });
});
