// Where the product links a principal, an IP or an access key. The investigation views do not exist
// yet, so these open the Events page filtered; when they land, this is the one place to change.

export type EntityKind = "principal" | "ip" | "accessKeyId";

export function entityHref(kind: EntityKind, value: string): string {
  return `/events?${new URLSearchParams({ [kind]: value }).toString()}`;
}
