// Where the product links a principal, an IP or an access key: its investigation view. Playbooks, stored
// signal messages and every entity link in the pages go through here. Stored messages rendered before a
// change of these paths are re-rendered by lib/detection/engine/refresh-messages.ts.

export type LinkKind = "principal" | "ip" | "accessKeyId";

const views: Record<LinkKind, string> = {
  principal: "/investigate/principals",
  ip: "/investigate/ips",
  accessKeyId: "/investigate/keys",
};

/**
 * A value as one path segment: everything but letters, digits and `-_.~` percent-encoded. Beyond what
 * encodeURIComponent does, that takes `( ) ! * '` too, so a hostile ARN cannot end a Markdown link's
 * destination early, and the segments "." and ".." cannot move up the path.
 */
export function pathSegment(value: string): string {
  const segment = encodeURIComponent(value).replace(
    /[()!*']/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return segment === "." ? "%2E" : segment === ".." ? "%2E%2E" : segment;
}

/** The entity's investigation view. */
export function entityHref(kind: LinkKind, value: string): string {
  return `${views[kind]}/${pathSegment(value)}`;
}

/** The Events page, filtered to the entity: every call it made, as a table. */
export function entityEventsHref(kind: LinkKind, value: string): string {
  return `/events?${new URLSearchParams({ [kind]: value }).toString()}`;
}
