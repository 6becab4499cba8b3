import { type SignalSort, signalSeverities } from "@/lib/signals/filters";

// The signals list's order as keys, and keyset paging over any such keys: the rows after a cursor row
// are those that tie with it on the first keys and come after it on the next one. The export pages this
// way (never OFFSET), so it follows the list's order without repeating or skipping a signal.

export type Direction = "asc" | "desc";

export interface OrderKey<F extends string = string> {
  field: F;
  direction: Direction;
  /**
   * An enum's values in the database's order. Prisma filters enums with equals and in only, so "after
   * the cursor" becomes `in` the values after the cursor's.
   */
  values?: readonly string[];
}

interface FieldFilter<V> {
  equals?: V;
  lt?: V;
  lte?: V;
  gt?: V;
  gte?: V;
  in?: V[];
}

/** A Prisma-style where over the row's fields: one field's filter, or an AND or OR of such. */
export type KeysetWhere<Row> =
  | { [F in keyof Row]?: FieldFilter<Row[F]> }
  | { AND: KeysetWhere<Row>[] }
  | { OR: KeysetWhere<Row>[] };

/** The filter for values strictly after `value` in the key's order, or also equal to it; null when none can be. */
function beyond<V>(key: OrderKey, value: V, isInclusive: boolean): FieldFilter<V> | null {
  if (key.values) {
    const index = key.values.indexOf(String(value));
    if (index < 0) throw new Error(`${key.field}: ${String(value)} is not one of ${key.values.join(", ")}`);
    const later =
      key.direction === "asc"
        ? key.values.slice(isInclusive ? index : index + 1)
        : key.values.slice(0, isInclusive ? index + 1 : index);
    return later.length > 0 ? { in: later as V[] } : null;
  }
  if (key.direction === "asc") return isInclusive ? { gte: value } : { gt: value };
  return isInclusive ? { lte: value } : { lt: value };
}

/**
 * The rows after `cursor` in the order `keys` give: for some key, equal on every key before it and
 * after the cursor on it. The keys must end in a unique one (the id), or ties would be skipped. The
 * leading bound on the first key repeats what the branches imply, so Postgres can scan an index range.
 */
export function keysetAfter<Row>(keys: readonly OrderKey<keyof Row & string>[], cursor: Row): KeysetWhere<Row> {
  const on = (field: keyof Row & string, filter: FieldFilter<Row[typeof field]>) =>
    ({ [field]: filter }) as KeysetWhere<Row>;
  const branches = keys.flatMap((key, index) => {
    const after = beyond(key, cursor[key.field], false);
    if (!after) return [];
    const ties = keys.slice(0, index).map((tie) => on(tie.field, { equals: cursor[tie.field] }));
    return [{ AND: [...ties, on(key.field, after)] } as KeysetWhere<Row>];
  });
  const [first] = keys;
  const lead = first ? beyond(first, cursor[first.field], true) : null;
  return { AND: [...(first && lead ? [on(first.field, lead)] : []), { OR: branches }] };
}

export type SignalOrderField = "lastSeen" | "firstSeen" | "severity" | "eventCount" | "id";

/**
 * The chosen field in the chosen direction, then the most recent activity (unless that was the choice),
 * then the id; ascending is the exact reverse of descending, so a second click on a column turns the
 * whole list round, and one index per field (migration 20261128220000) serves both directions.
 * Severity follows its enum's order in Postgres: info < low < medium < high < critical.
 */
export function signalOrderKeys(sort: SignalSort): OrderKey<SignalOrderField>[] {
  const isDescending = sort.startsWith("-");
  const field = (isDescending ? sort.slice(1) : sort) as Exclude<SignalOrderField, "id">;
  const forward: Direction = isDescending ? "desc" : "asc";
  const backward: Direction = isDescending ? "asc" : "desc";
  const primary: OrderKey<SignalOrderField> = {
    field,
    direction: forward,
    ...(field === "severity" ? { values: signalSeverities } : {}),
  };
  const recent: OrderKey<SignalOrderField>[] = field === "lastSeen" ? [] : [{ field: "lastSeen", direction: forward }];
  return [primary, ...recent, { field: "id", direction: backward }];
}

/** The keys as a Prisma orderBy. */
export function orderByOf<F extends string>(keys: readonly OrderKey<F>[]): Record<F, Direction>[] {
  return keys.map((key) => ({ [key.field]: key.direction }) as Record<F, Direction>);
}
