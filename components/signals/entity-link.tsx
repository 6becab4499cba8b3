import { clsx } from "clsx";
import type { Route } from "next";
import Link from "next/link";
import { entityHref, type LinkKind } from "@/lib/detection/links";

const what: Record<LinkKind, string> = { principal: "principal", ip: "IP", accessKeyId: "access key" };

/** A principal, IP or access key that opens its investigation view. */
export function EntityLink({ kind, value, className }: { kind: LinkKind; value: string; className?: string }) {
  return (
    <Link
      href={entityHref(kind, value) as Route}
      title={`${value}\nInvestigate this ${what[kind]}: everything it did`}
      className={clsx(
        "break-all font-mono text-xs text-indigo-700 decoration-indigo-300 underline-offset-2 hover:underline dark:text-indigo-300",
        className,
      )}
    >
      {value}
    </Link>
  );
}
