"use client";

import { parseAsIsoDateTime, useQueryStates } from "nuqs";
import type { EntityRange } from "@/components/investigate/use-entity";

// The time range every panel of an investigation view covers, in the URL (`from`, `to`, ISO, UTC), so a
// zoomed view can be shared, reloaded, and stepped back out of with the browser's Back button.

const rangeParsers = { from: parseAsIsoDateTime, to: parseAsIsoDateTime };

export function useEntityRange() {
  const [state, setState] = useQueryStates(rangeParsers, { history: "push", scroll: false });
  const range: EntityRange = {
    from: state.from?.toISOString() ?? null,
    to: state.to?.toISOString() ?? null,
  };
  return {
    range,
    isWhole: !state.from && !state.to,
    setRange: (from: Date, to: Date) => setState({ from, to }),
    clearRange: () => setState({ from: null, to: null }),
  };
}
