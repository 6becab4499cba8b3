"use client";

import { useId } from "react";
import { Select } from "@/components/ui/form";
import type { SignalAssignee } from "@/lib/signals/types";

const NOBODY = "";

/**
 * Assign to anyone who can take signals (active analysts and admins). The current assignee stays
 * listed even when they can no longer be chosen (disabled since), so the control never lies.
 */
export function AssigneeSelect({
  value,
  people,
  disabled,
  label = "Assignee",
  onChange,
}: {
  value: SignalAssignee | null;
  people: SignalAssignee[] | undefined;
  disabled?: boolean;
  label?: string;
  onChange: (assigneeId: string | null) => void;
}) {
  const options = people ?? [];
  const isListed = !value || options.some((person) => person.id === value.id);
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="shrink-0 text-zinc-500 dark:text-zinc-400">
        {label}
      </label>
      <Select
        id={id}
        value={value?.id ?? NOBODY}
        disabled={disabled || !people}
        onChange={(event) => onChange(event.target.value === NOBODY ? null : event.target.value)}
        className="py-1.5"
      >
        <option value={NOBODY}>Nobody</option>
        {!isListed && value ? <option value={value.id}>{value.name} (inactive)</option> : null}
        {options.map((person) => (
          <option key={person.id} value={person.id} title={person.email}>
            {person.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
