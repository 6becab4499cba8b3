"use client";

import { type ComponentProps, useRef } from "react";
import { Select } from "@/components/ui/form";

/**
 * A filter bar's select. A choice made with the mouse applies at once; arrow keys step through the
 * options (and some browsers fire a change at each step), so a keyboard choice applies with Enter or on
 * leaving the field. `onPick` records the choice in the draft; `onApply` applies the draft.
 */
export function FilterSelect({
  onPick,
  onApply,
  ...props
}: Omit<ComponentProps<"select">, "onChange" | "onKeyDown" | "onPointerDown" | "onBlur"> & {
  onPick: (value: string) => void;
  onApply: (value?: string) => void;
}) {
  const isKeyboardChoice = useRef(false);
  return (
    <Select
      {...props}
      onKeyDown={(event) => {
        isKeyboardChoice.current = event.key !== "Enter";
        if (event.key === "Enter") onApply();
      }}
      onPointerDown={() => {
        isKeyboardChoice.current = false;
      }}
      onChange={(event) => {
        onPick(event.target.value);
        if (!isKeyboardChoice.current) onApply(event.target.value);
      }}
      onBlur={() => onApply()}
    />
  );
}
