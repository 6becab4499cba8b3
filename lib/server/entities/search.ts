import "server-only";
import { getDb } from "@/lib/db/client";
import { entityHref } from "@/lib/detection/links";
import { type EntityKind, entityKey } from "@/lib/entities/kinds";
import { sourceAddressCandidates } from "@/lib/entities/params";
import { assumedRolePrefix, recognise } from "@/lib/entities/recognise";
import type { SearchMatch, SearchResult } from "@/lib/entities/types";
import { existsInEvents } from "@/lib/server/entities/summary";

// The investigation search box: recognise what was pasted and find what it names. One match opens its
// view; several (a user name in two accounts, a role's sessions) are listed to choose from.

const MAX_MATCHES = 25;
const viewKind = { principal: "principal", ip: "ip", access_key: "accessKeyId" } as const;

interface EntityRow {
  kind: EntityKind;
  value: string;
  account_id: string | null;
  principal_name: string | null;
  events: number;
  last_seen: Date;
}

const toMatch = (row: EntityRow): SearchMatch => ({
  kind: row.kind as SearchMatch["kind"],
  value: row.value,
  detail:
    row.kind === "access_key" && row.principal_name
      ? `user ${row.principal_name}${row.account_id ? ` in ${row.account_id}` : ""}`
      : row.account_id
        ? `account ${row.account_id}`
        : null,
  href: entityHref(viewKind[row.kind as keyof typeof viewKind], row.value),
  eventCount: row.events,
  lastSeen: row.last_seen.toISOString(),
});

const ENTITY_COLUMNS = `kind::text AS kind, value, account_id, principal_name, event_count::float8 AS events, last_seen`;

async function byKeys(kind: EntityKind, values: string[]): Promise<SearchMatch[]> {
  const db = getDb();
  const rows = await db.$queryRawUnsafe<EntityRow[]>(
    `SELECT ${ENTITY_COLUMNS} FROM entities WHERE id = ANY($1::uuid[]) ORDER BY event_count DESC`,
    values.map((value) => entityKey(kind, value)),
  );
  if (rows.length > 0) return rows.map(toMatch);
  // Not counted yet (an upload still being read): the events themselves say whether it exists.
  for (const value of values) {
    if (await existsInEvents(db, kind, value)) {
      return [
        {
          ...toMatch({ kind, value, account_id: null, principal_name: null, events: 0, last_seen: new Date(0) }),
          eventCount: null,
          lastSeen: null,
        },
      ];
    }
  }
  return [];
}

async function principalsByPrefix(prefix: string): Promise<SearchMatch[]> {
  const rows = await getDb().$queryRawUnsafe<EntityRow[]>(
    `SELECT ${ENTITY_COLUMNS} FROM entities
      WHERE kind = 'principal' AND starts_with(value, $1)
      ORDER BY event_count DESC, value LIMIT ${MAX_MATCHES}`,
    prefix,
  );
  return rows.map(toMatch);
}

async function byUserName(name: string): Promise<SearchMatch[]> {
  const rows = await getDb().$queryRawUnsafe<EntityRow[]>(
    `SELECT ${ENTITY_COLUMNS} FROM entities
      WHERE lower(principal_name) = lower($1) AND kind IN ('principal', 'access_key')
      ORDER BY kind, event_count DESC LIMIT ${MAX_MATCHES}`,
    name,
  );
  // A principal's keys are found through it; keys are listed only for rows with no ARN (console CSV).
  const principals = rows.filter((row) => row.kind === "principal");
  return (principals.length > 0 ? principals : rows).map(toMatch);
}

async function byEventId(eventId: string): Promise<SearchMatch[]> {
  const db = getDb();
  // The stored key is the event id qualified by its recipient account, when it has one.
  const accounts = await db.$queryRawUnsafe<{ value: string }[]>(
    "SELECT value FROM entities WHERE kind = 'account' LIMIT 10000",
  );
  const keys = [eventId, ...accounts.map((row) => `${row.value}:${eventId}`)];
  const events = await db.event.findMany({
    where: { eventKey: { in: keys } },
    select: { id: true, eventId: true, eventName: true, principalArn: true, eventTime: true },
    take: MAX_MATCHES,
  });
  return events.map((event) => ({
    kind: "event",
    value: event.eventId,
    detail: `${event.eventName}${event.principalArn ? ` by ${event.principalArn}` : ""}`,
    href: `/events?q=${encodeURIComponent(event.eventId)}`,
    eventCount: null,
    lastSeen: event.eventTime.toISOString(),
  }));
}

export async function searchEntities(query: string): Promise<SearchResult> {
  const recognised = recognise(query);
  let matches: SearchMatch[] = [];
  switch (recognised.kind) {
    case "arn": {
      matches = await byKeys("principal", [recognised.value]);
      if (matches.length === 0) {
        const prefix = assumedRolePrefix(recognised.value) ?? recognised.value;
        matches = await principalsByPrefix(prefix);
      }
      break;
    }
    case "ip":
      matches = await byKeys("ip", sourceAddressCandidates(recognised.value).candidates);
      break;
    case "access_key":
      matches = await byKeys("access_key", [recognised.value]);
      break;
    case "event_id":
      matches = await byEventId(recognised.value);
      break;
    case "user_name":
      matches = await byUserName(recognised.value);
      break;
    case "none":
      return { query: recognised.value, recognised: "none", matches: [], message: recognised.reason };
  }
  const what = {
    arn: "principal with this ARN (or starting with it)",
    ip: "event from this address",
    access_key: "event with this access key",
    event_id: "event with this id",
    user_name: "principal or key of a user with this name",
  }[recognised.kind];
  return {
    query: recognised.value,
    recognised: recognised.kind,
    matches,
    message: matches.length === 0 ? `No stored ${what}.` : null,
  };
}
