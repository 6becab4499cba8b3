import { ArrowUpRight } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { entityHref, type LinkKind } from "@/lib/detection/links";

const what: Record<LinkKind, string> = { principal: "principal", ip: "source IP", accessKeyId: "access key" };

/** A small link from a value in a table or drawer to its investigation view. */
export function InvestigateLink({ kind, value }: { kind: LinkKind; value: string | null }) {
  if (!value) return null;
  return (
    <Link
      href={entityHref(kind, value) as Route}
      aria-label={`Investigate this ${what[kind]}`}
      title={`Investigate this ${what[kind]}: everything it did`}
      className="inline-flex shrink-0 items-center rounded-sm text-indigo-700 hover:text-indigo-500 dark:text-indigo-300"
    >
      <ArrowUpRight className="size-3.5" aria-hidden />
    </Link>
  );
}
