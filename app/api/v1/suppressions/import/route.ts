import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { importSuppressions } from "@/lib/server/suppressions";
import { suppressionDraftSchema } from "@/lib/suppressions/schema";

// An import of an exported file (or any list of suppressions): matched with the current list by name, it
// answers what it would add, change and leave, and refuses entries with errors by name. Nothing is saved
// until it is sent again with `apply: true`, and then only if nothing is refused.

const body = z
  .object({
    format: z.string().max(100).optional(),
    exportedAt: z.string().max(100).optional(),
    suppressions: z.array(z.unknown()).max(1000, "at most 1,000 suppressions per import"),
    apply: z.boolean().optional(),
  })
  .strict();

const nameOf = (entry: unknown) =>
  entry && typeof entry === "object" && typeof (entry as { name?: unknown }).name === "string"
    ? ((entry as { name: string }).name.trim().slice(0, 200) ?? "")
    : "";

export const POST = withRoute({ access: { role: "analyst", scope: "write" }, body }, async ({ body, actor, ip }) => {
  const entries = body.suppressions.map((entry, index) => {
    const parsed = suppressionDraftSchema.safeParse(entry);
    return {
      index,
      name: nameOf(entry),
      draft: parsed.success ? parsed.data : null,
      problems: parsed.success
        ? []
        : parsed.error.issues.map((issue) => `${issue.path.join(".") || "entry"}: ${issue.message}`),
    };
  });
  return importSuppressions(entries, { actor, ip }, body.apply === true);
});
