import { DENIAL_PATTERN } from "@/lib/cloudtrail/denial";
import type { EntityKind } from "@/lib/entities/kinds";

// SQL shared by the summariser (lib/entities/summarize.ts) and the views' reads
// (lib/server/entities/summary.ts), so an entity read from the events table and one read from the
// summaries are counted by the same expressions.

/** The columns a summary reads from each event, with the hour it falls in and whether it failed or was denied. */
export const EVENT_COLUMNS = `e.event_time, date_trunc('hour', e.event_time, 'UTC') AS hour, e.principal_arn, e.source_ip,
  e.access_key_id, e.credential_type, e.recipient_account_id, e.account_id, e.principal_type, e.principal_name,
  e.event_name, e.event_source, e.aws_region, e.user_agent,
  (e.error_code IS NOT NULL) AS failed, COALESCE(e.error_code ~ '${DENIAL_PATTERN}', false) AS denied`;

/** Whether an event (alias e) was denied: the same test as EVENT_COLUMNS. */
export const IS_DENIED = `COALESCE(e.error_code ~ '${DENIAL_PATTERN}', false)`;

/**
 * What each event (alias s, with EVENT_COLUMNS) says about an entity of a kind: one (dim, value) per
 * dimension, for a VALUES list. Keys carry their credential type and calls their service (the same name
 * means different services), as JSON arrays. An entity's own dimension is left out, except a key's: it
 * holds the key's credential types.
 */
export function facetValues(kind: EntityKind | string): string {
  const dims: [string, string][] = [
    ["principal", "s.principal_arn"],
    ["access_key", "json_build_array(s.access_key_id, s.credential_type)::text"],
    ["ip", "s.source_ip"],
    ["call", "json_build_array(s.event_name, s.event_source)::text"],
    ["region", "s.aws_region"],
    ["user_agent", "s.user_agent"],
  ];
  return dims
    .filter(([dim]) => dim !== kind || dim === "access_key")
    .map(([dim, expression]) => `('${dim}'::"EntityDim", ${expression})`)
    .join(", ");
}
