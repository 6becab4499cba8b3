import { clsx } from "clsx";
import type { ComponentProps } from "react";

/** A button that is only an icon (close, clear): `label` names it for screen readers and on hover. */
export function IconButton({ label, title, className, ...props }: ComponentProps<"button"> & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={title ?? label}
      {...props}
      className={clsx(
        "rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
        className,
      )}
    />
  );
}
