"use client";

import { useId } from "react";
import { Select } from "@/components/ui/form";
import type { SignalAssignee } from "@/lib/signals/types";

const NOBODY = "";
const PLACEHOLDER = "-";

/**
 * Assign to anyone who can take signals (active analysts and admins). The current assignee stays
 * listed even when they can no longer be chosen (disabled since), so the control never lies.
 */
export function AssigneeSelect({
  value,
  people,
  disabled,
  label = "Assignee",
  placeholder,
  isCompact,
  onChange,
}: {
  /** A first option that assigns nobody: the control starts on it and says what to do. */
  placeholder?: string;
  isCompact?: boolean;
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
    <div className={isCompact ? "flex items-center gap-1.5 text-xs" : "flex items-center gap-2 text-sm"}>
      <label htmlFor={id} className="shrink-0 text-zinc-500 dark:text-zinc-400">
        {label}
      </label>
      <Select
        id={id}
        value={placeholder ? PLACEHOLDER : (value?.id ?? NOBODY)}
        disabled={disabled || !people}
        onChange={(event) => {
          if (event.target.value !== PLACEHOLDER) onChange(event.target.value === NOBODY ? null : event.target.value);
        }}
        className={isCompact ? "w-36 py-1 text-xs" : "py-1.5"}
      >
        {placeholder ? <option value={PLACEHOLDER}>{placeholder}</option> : null}
        <option value={NOBODY}>{placeholder ? "Nobody (unassign)" : "Nobody"}</option>
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
