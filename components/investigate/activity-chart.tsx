"use client";

import { ZoomOut } from "lucide-react";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/form";
import { BUCKETS, type Bucket } from "@/lib/entities/time-range";
import type { TimelineView } from "@/lib/entities/types";
import { count } from "@/lib/format";

// Allowed, denied and otherwise failed calls over time, stacked. Dragging across the bars zooms every
// panel of the view to that span (the range goes into the URL); "Whole history" steps back out.

export const OUTCOME_COLOURS = { allowed: "#10b981", denied: "#e11d48", failed: "#f59e0b" } as const;
const OUTCOME_LABELS = { allowed: "Allowed", denied: "Denied", failed: "Failed (other errors)" } as const;

interface Point {
  index: number;
  start: string;
  allowed: number;
  denied: number;
  failed: number;
}

function tickLabel(iso: string, bucket: Bucket): string {
  const text = iso.replace("T", " ");
  return BUCKETS[bucket] >= BUCKETS["1d"]
    ? text.slice(5, 10)
    : BUCKETS[bucket] >= BUCKETS["1h"]
      ? text.slice(5, 16)
      : text.slice(11, 16);
}

function ChartTooltip({
  active,
  payload,
  bucket,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  bucket: Bucket;
}) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  const end = new Date(new Date(point.start).getTime() + BUCKETS[bucket]);
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium tabular-nums">
        {point.start.slice(0, 16).replace("T", " ")} – {end.toISOString().slice(0, 16).replace("T", " ")} UTC
      </p>
      {(["allowed", "denied", "failed"] as const).map((key) => (
        <p key={key} className="flex items-center gap-2 tabular-nums">
          <span aria-hidden className="size-2 rounded-sm" style={{ background: OUTCOME_COLOURS[key] }} />
          {OUTCOME_LABELS[key]}: {count(point[key])}
        </p>
      ))}
    </div>
  );
}

export function ActivityChart({
  timeline,
  isLoading,
  isZoomed,
  onZoom,
  onReset,
}: {
  timeline: TimelineView | undefined;
  isLoading: boolean;
  isZoomed: boolean;
  onZoom: (from: Date, to: Date) => void;
  onReset: () => void;
}) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const bucket = (timeline?.bucket ?? "1h") as Bucket;
  const data: Point[] = useMemo(() => (timeline?.buckets ?? []).map((b, index) => ({ index, ...b })), [timeline]);
  const totals = data.reduce(
    (sum, point) => ({
      allowed: sum.allowed + point.allowed,
      denied: sum.denied + point.denied,
      failed: sum.failed + point.failed,
    }),
    { allowed: 0, denied: 0, failed: 0 },
  );
  const finish = () => {
    if (drag && drag.from !== drag.to) {
      const [first, last] = [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)];
      const from = new Date((data[first] as Point).start);
      const to = new Date(new Date((data[last] as Point).start).getTime() + BUCKETS[bucket] - 1);
      onZoom(from, to);
    }
    setDrag(null);
  };
  const indexOf = (state: { activeTooltipIndex?: unknown }) =>
    typeof state.activeTooltipIndex === "number"
      ? state.activeTooltipIndex
      : typeof state.activeTooltipIndex === "string"
        ? Number(state.activeTooltipIndex)
        : null;

  return (
    <Card
      title="Activity"
      description={
        timeline
          ? `${count(totals.allowed)} allowed, ${count(totals.denied)} denied, ${count(totals.failed)} failed · one bar per ${bucket} · drag across bars to zoom`
          : "Loading…"
      }
      actions={
        isZoomed ? (
          <Button variant="secondary" size="sm" onClick={onReset}>
            <ZoomOut className="size-3.5" aria-hidden />
            Whole history
          </Button>
        ) : null
      }
    >
      <figure
        aria-label={`Activity per ${bucket}: ${count(totals.allowed)} allowed, ${count(totals.denied)} denied and ${count(totals.failed)} failed calls`}
        className={isLoading ? "opacity-60" : undefined}
      >
        <div className="h-56 select-none text-zinc-500 text-xs dark:text-zinc-400" data-testid="activity-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              barCategoryGap={data.length > 60 ? 0 : "10%"}
              onMouseDown={(state) => {
                const index = indexOf(state);
                if (index !== null) setDrag({ from: index, to: index });
              }}
              onMouseMove={(state) => {
                const index = indexOf(state);
                if (drag && index !== null) setDrag({ ...drag, to: index });
              }}
              onMouseUp={finish}
              onMouseLeave={() => setDrag(null)}
            >
              <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
              <XAxis
                dataKey="index"
                tickFormatter={(index: number) => (data[index] ? tickLabel(data[index].start, bucket) : "")}
                stroke="currentColor"
                tick={{ fill: "currentColor" }}
                minTickGap={24}
              />
              <YAxis
                allowDecimals={false}
                width={52}
                stroke="currentColor"
                tick={{ fill: "currentColor" }}
                tickFormatter={(value: number) => count(value)}
              />
              <Tooltip
                content={(props) => <ChartTooltip active={props.active} payload={props.payload} bucket={bucket} />}
                cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
                isAnimationActive={false}
              />
              {(["allowed", "denied", "failed"] as const).map((key) => (
                <Bar key={key} dataKey={key} stackId="calls" fill={OUTCOME_COLOURS[key]} isAnimationActive={false} />
              ))}
              {drag ? (
                <ReferenceArea
                  x1={Math.min(drag.from, drag.to)}
                  x2={Math.max(drag.from, drag.to)}
                  fill="#6366f1"
                  fillOpacity={0.15}
                  stroke="#6366f1"
                  strokeOpacity={0.5}
                />
              ) : null}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
          {(["allowed", "denied", "failed"] as const).map((key) => (
            <span key={key} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="size-2.5 rounded-sm" style={{ background: OUTCOME_COLOURS[key] }} />
              {OUTCOME_LABELS[key]}
            </span>
          ))}
        </figcaption>
      </figure>
    </Card>
  );
}
