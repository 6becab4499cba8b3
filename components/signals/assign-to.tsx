"use client";

import { clsx } from "clsx";
import { useId, useState } from "react";
import { Button } from "@/components/ui/form";
import type { SignalAssignee } from "@/lib/signals/types";

const UNCHOSEN = "-";
const NOBODY = "";

/**
 * Assign to anyone who can take signals (active analysts and admins), or to nobody: choose, then press
 * Assign. Nothing happens on choosing alone, so arrowing through the list (which fires a change per step
 * in some browsers) assigns no one by accident.
 */
export function AssignTo({
  current,
  people,
  disabled,
  isCompact,
  onAssign,
}: {
  /** Who has it now: choosing them again is not offered as a change. */
  current: SignalAssignee | null;
  people: SignalAssignee[] | undefined;
  disabled?: boolean;
  isCompact?: boolean;
  onAssign: (assigneeId: string | null) => void;
}) {
  const [pick, setPick] = useState(UNCHOSEN);
  const id = useId();
  const isChange = pick !== UNCHOSEN && pick !== (current?.id ?? NOBODY);
  return (
    <form
      aria-label="Assign"
      className={clsx("flex items-center", isCompact ? "gap-1.5 text-xs" : "gap-2 text-sm")}
      onSubmit={(event) => {
        event.preventDefault();
        if (!isChange) return;
        onAssign(pick === NOBODY ? null : pick);
        setPick(UNCHOSEN);
      }}
    >
      <label htmlFor={id} className="shrink-0 text-zinc-500 dark:text-zinc-400">
        Assign to
      </label>
      <select
        id={id}
        value={pick}
        disabled={disabled || !people}
        onChange={(event) => setPick(event.target.value)}
        className={clsx(
          "rounded-md border border-zinc-300 bg-white shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-950",
          isCompact ? "w-32 px-2 py-1 text-xs" : "min-w-0 flex-1 px-3 py-1.5 text-sm",
        )}
      >
        <option value={UNCHOSEN}>Choose…</option>
        <option value={NOBODY}>Nobody (unassign)</option>
        {(people ?? []).map((person) => (
          <option key={person.id} value={person.id} title={person.email}>
            {person.name}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" size={isCompact ? "sm" : "md"} disabled={disabled || !isChange}>
        Assign
      </Button>
    </form>
  );
}
