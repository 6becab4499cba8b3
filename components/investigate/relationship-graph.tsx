"use client";

import "@xyflow/react/dist/style.css";
import { Background, type Edge, Handle, type Node, type NodeProps, Position, ReactFlow } from "@xyflow/react";
import { clsx } from "clsx";
import { Boxes, Globe, KeyRound, MoreHorizontal, UserRound } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import {
  EDGE_COLOURS,
  layoutGraph,
  type NeighbourGroup,
  type NeighbourKind,
  NODE_HEIGHT,
  NODE_WIDTH,
  type PlacedNode,
  type Side,
} from "@/components/investigate/graph-layout";
import { Card } from "@/components/ui/card";
import { count } from "@/lib/format";

// What the entity touched, drawn: keys, IPs, principals and services around it, edges as thick as the
// traffic and as red as its denials. A node opens its own view (a service filters the events table); each
// node is a link, so the graph is reached and used with the keyboard like the rest of the page.

/** "1 principal", "3 principals": the group nouns are plurals ending in "s". */
const counted = (n: number, plural: string) => `${count(n)} ${n === 1 ? plural.replace(/s$/, "") : plural}`;

const icons: Record<NeighbourKind, typeof Globe> = { principal: UserRound, key: KeyRound, ip: Globe, service: Boxes };

interface NodeData extends Record<string, unknown> {
  placed: PlacedNode;
  centre: { label: string; kind: NeighbourKind };
  onService: (value: string) => void;
}

const hidden = "!size-px !min-h-0 !min-w-0 !border-0 !bg-transparent !opacity-0";
const card =
  "nodrag nopan flex h-full w-full items-center gap-2 rounded-lg border bg-white px-2.5 text-left text-xs shadow-sm transition-colors hover:border-indigo-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-zinc-900";

function GraphNode({ data }: NodeProps<Node<NodeData>>) {
  const { placed, centre } = data;
  const handles = (
    <>
      <Handle
        type="target"
        position={Position.Top}
        className={hidden}
        isConnectable={false}
        style={{ top: "50%", left: "50%" }}
      />
      <Handle
        type="source"
        position={Position.Top}
        className={hidden}
        isConnectable={false}
        style={{ top: "50%", left: "50%" }}
      />
    </>
  );
  if (placed.side === "centre") {
    const Icon = icons[centre.kind];
    return (
      <div
        className="flex h-full w-full items-center gap-2 rounded-lg border-2 border-indigo-500 bg-indigo-50 px-3 font-medium text-indigo-900 text-sm shadow dark:bg-indigo-950 dark:text-indigo-100"
        title={centre.label}
      >
        {handles}
        <Icon className="size-4 shrink-0" aria-hidden />
        <span className="truncate">{centre.label}</span>
      </div>
    );
  }
  if (placed.more) {
    return (
      <a
        href={placed.more.href}
        className={clsx(card, "border-dashed border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-300")}
      >
        {handles}
        <MoreHorizontal className="size-4 shrink-0" aria-hidden />
        <span className="truncate">+{counted(placed.more.count, `more ${placed.more.noun}`)}</span>
      </a>
    );
  }
  const neighbour = placed.neighbour;
  if (!neighbour) return null;
  const Icon = icons[neighbour.kind];
  const body = (
    <>
      {handles}
      <Icon className="size-4 shrink-0 text-zinc-500" aria-hidden />
      <span className="min-w-0">
        <span className="block truncate font-mono">{neighbour.label}</span>
        <span className="block truncate text-[11px] text-zinc-500 dark:text-zinc-400">
          {count(neighbour.count)} calls
          {neighbour.deniedCount > 0 ? ` · ${Math.round((neighbour.deniedCount / neighbour.count) * 100)}% denied` : ""}
        </span>
      </span>
    </>
  );
  const title = `${neighbour.value}\n${count(neighbour.count)} calls, ${count(neighbour.deniedCount)} denied`;
  return neighbour.href ? (
    <Link href={neighbour.href as Route} className={clsx(card, "border-zinc-200 dark:border-zinc-700")} title={title}>
      {body}
    </Link>
  ) : (
    <button
      type="button"
      onClick={() => data.onService(neighbour.value)}
      className={clsx(card, "border-zinc-200 dark:border-zinc-700")}
      title={`${title}\nShow these calls in the events table`}
    >
      {body}
    </button>
  );
}

const nodeTypes = { entity: GraphNode };
const CENTRE_WIDTH = 290;
const ignoreNodeClick = () => undefined;

export function RelationshipGraph({
  centre,
  groups,
  onService,
}: {
  centre: { label: string; kind: NeighbourKind };
  groups: { side: Side; group: NeighbourGroup }[];
  onService: (value: string) => void;
}) {
  const { resolvedTheme } = useTheme();
  const { nodes, edges } = useMemo(() => {
    const layout = layoutGraph(groups);
    const flowNodes: Node<NodeData>[] = layout.nodes.map((placed) => {
      // The entity itself gets room for a whole key id or a short ARN.
      const width = placed.side === "centre" ? CENTRE_WIDTH : NODE_WIDTH;
      return {
        id: placed.id,
        type: "entity",
        position: { x: placed.x - width / 2, y: placed.y - NODE_HEIGHT / 2 },
        width,
        height: NODE_HEIGHT,
        data: { placed, centre, onService },
        draggable: false,
        selectable: false,
        focusable: false,
      };
    });
    const flowEdges: Edge[] = layout.edges.map((edge) => ({
      id: edge.id,
      source: "centre",
      target: edge.target,
      type: "straight",
      style: { stroke: edge.colour, strokeWidth: edge.width },
      ariaLabel: edge.title,
      focusable: false,
    }));
    return { nodes: flowNodes, edges: flowEdges };
  }, [groups, centre, onService]);
  const neighbours = groups.reduce((sum, { group }) => sum + group.total, 0);

  return (
    <Card
      title="Relationships"
      description={`What it touched: ${groups.map(({ group }) => counted(group.total, group.noun)).join(", ")}. Thicker lines carry more calls; red ones were mostly denied.`}
    >
      {neighbours === 0 ? (
        <p className="py-4 text-center text-sm text-zinc-500">
          Nothing to draw: no keys, addresses or services recorded.
        </p>
      ) : (
        <>
          <div
            className="h-[460px] rounded-lg border border-zinc-200 dark:border-zinc-800"
            data-testid="relationship-graph"
          >
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              colorMode={resolvedTheme === "dark" ? "dark" : "light"}
              fitView
              fitViewOptions={{ padding: 0.08 }}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              nodesFocusable={false}
              edgesFocusable={false}
              zoomOnScroll={false}
              preventScrolling={false}
              minZoom={0.3}
              proOptions={{ hideAttribution: false }}
              // React Flow lets pointer events reach a node only when something handles them; the links
              // and buttons inside the nodes do, so this only switches them on.
              onNodeClick={ignoreNodeClick}
            >
              <Background gap={24} size={1} />
            </ReactFlow>
          </div>
          <p className="mt-2 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
            {(
              [
                ["allowed", "Allowed"],
                ["some", "Some denied"],
                ["mostly", "Half or more denied"],
              ] as const
            ).map(([key, label]) => (
              <span key={key} className="inline-flex items-center gap-1.5">
                <span aria-hidden className="h-0.5 w-4 rounded" style={{ background: EDGE_COLOURS[key] }} />
                {label}
              </span>
            ))}
          </p>
        </>
      )}
    </Card>
  );
}
