import type { SignalBulkChange, SignalUpdate } from "@/lib/signals/triage";
import type { SignalAssignee, SignalListItem } from "@/lib/signals/types";

export type TriageChange = Omit<SignalUpdate, "version">;

/**
 * A signal as it will look once the server accepts `change`: shown at once, and rolled back if the
 * server refuses. `people` names the new assignee (the server's answer replaces it anyway).
 */
export function withChange<T extends Pick<SignalListItem, "status" | "archiveReason" | "assignee">>(
  signal: T,
  change: TriageChange | Omit<SignalBulkChange, "ids" | "filter">,
  people: SignalAssignee[],
): T {
  const assignee =
    change.assigneeId === undefined
      ? signal.assignee
      : change.assigneeId === null
        ? null
        : (people.find((person) => person.id === change.assigneeId) ?? signal.assignee);
  return {
    ...signal,
    status: change.status ?? signal.status,
    archiveReason:
      change.status === undefined
        ? signal.archiveReason
        : change.status === "archived"
          ? (change.archiveReason ?? null)
          : null,
    assignee,
  };
}
