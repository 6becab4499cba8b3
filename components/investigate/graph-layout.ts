// The relationship graph's layout, pure: the entity in the middle, and what it touched in groups around
// it (a row above, a column on each side), each group its busiest values plus one "+N more" node for
// the long tail, so the picture stays readable however many neighbours there are. Edges are weighted by
// count and coloured by how much of it was denied.

export type NeighbourKind = "principal" | "key" | "ip" | "service";

export interface Neighbour {
  kind: NeighbourKind;
  value: string;
  label: string;
  count: number;
  deniedCount: number;
  /** Where a click goes: the neighbour's own view, or null for a service (it filters the events instead). */
  href: string | null;
}

export interface NeighbourGroup {
  kind: NeighbourKind;
  title: string;
  /** The title in running text: "source IPs". */
  noun: string;
  items: Neighbour[];
  /** How many there are in all; the group shows the busiest. */
  total: number;
  /** Where the "+N more" node leads (the group's table on the page). */
  moreHref: string;
}

export type Side = "top" | "left" | "right" | "bottom";

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  side: Side | "centre";
  neighbour: Neighbour | null;
  more: { count: number; href: string; noun: string } | null;
}

export interface PlacedEdge {
  id: string;
  target: string;
  width: number;
  colour: string;
  title: string;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 48;
const GAP_X = 24;
const GAP_Y = 14;
/** At most this many nodes per side, the "+N more" node included. */
export const PER_SIDE: Record<Side, number> = { top: 4, bottom: 4, left: 8, right: 8 };

export const EDGE_COLOURS = { allowed: "#10b981", some: "#f59e0b", mostly: "#e11d48" } as const;

export function edgeColour(count: number, denied: number): string {
  if (denied === 0) return EDGE_COLOURS.allowed;
  return denied * 2 >= count ? EDGE_COLOURS.mostly : EDGE_COLOURS.some;
}

export function layoutGraph(groups: { side: Side; group: NeighbourGroup }[]): {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
} {
  const nodes: PlacedNode[] = [{ id: "centre", x: 0, y: 0, side: "centre", neighbour: null, more: null }];
  const edges: PlacedEdge[] = [];
  const max = Math.max(1, ...groups.flatMap(({ group }) => group.items.map((item) => item.count)));
  const weight = (n: number) => 1 + (5 * Math.log1p(n)) / Math.log1p(max);
  for (const { side, group } of groups) {
    const room = PER_SIDE[side];
    const hasMore = group.total > Math.min(group.items.length, room);
    const shown = group.items.slice(0, hasMore ? room - 1 : room);
    const slots = shown.length + (hasMore ? 1 : 0);
    const isRow = side === "top" || side === "bottom";
    const span = isRow ? slots * NODE_WIDTH + (slots - 1) * GAP_X : slots * NODE_HEIGHT + (slots - 1) * GAP_Y;
    const position = (i: number) => {
      const along =
        -span / 2 + (isRow ? i * (NODE_WIDTH + GAP_X) + NODE_WIDTH / 2 : i * (NODE_HEIGHT + GAP_Y) + NODE_HEIGHT / 2);
      if (side === "top") return { x: along, y: -(Math.max(4, PER_SIDE.left) * (NODE_HEIGHT + GAP_Y)) / 2 - 70 };
      if (side === "bottom") return { x: along, y: (Math.max(4, PER_SIDE.left) * (NODE_HEIGHT + GAP_Y)) / 2 + 70 };
      return { x: (side === "left" ? -1 : 1) * (NODE_WIDTH + 160), y: along };
    };
    shown.forEach((neighbour, i) => {
      const id = `${group.kind}:${neighbour.value}`;
      nodes.push({ id, ...position(i), side, neighbour, more: null });
      const denied = neighbour.deniedCount;
      edges.push({
        id: `edge:${id}`,
        target: id,
        width: weight(neighbour.count),
        colour: edgeColour(neighbour.count, denied),
        title: `${neighbour.count.toLocaleString("en-US")} calls, ${denied.toLocaleString("en-US")} denied`,
      });
    });
    if (hasMore) {
      const id = `${group.kind}:more`;
      const rest = group.total - shown.length;
      nodes.push({
        id,
        ...position(shown.length),
        side,
        neighbour: null,
        more: { count: rest, href: group.moreHref, noun: group.noun },
      });
      edges.push({ id: `edge:${id}`, target: id, width: 1, colour: "#a1a1aa", title: `${rest} more` });
    }
  }
  return { nodes, edges };
}
