import { createHash } from "node:crypto";
import type { EntityDim, EntityKind } from "@/lib/generated/prisma/enums";

// What the investigation views are about, and how their summary rows are keyed.

export type { EntityDim, EntityKind };

/** The events column that names each kind of entity. */
export const entityColumn = {
  principal: "principal_arn",
  ip: "source_ip",
  access_key: "access_key_id",
  account: "recipient_account_id",
} as const satisfies Record<EntityKind, string>;

/**
 * The summary tables' key for a value: the first 16 bytes of SHA-256("kind:value") as a uuid. The same as
 * the database's entity_key(kind, value) (migration 20261203000000_entity_summaries); a test holds them
 * equal. Values come from uploaded logs and may be longer than a b-tree key can hold, hence the hash.
 */
export function entityKey(kind: EntityKind | EntityDim, value: string): string {
  const hex = createHash("sha256").update(`${kind}:${value}`, "utf8").digest("hex").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
