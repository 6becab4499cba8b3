import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { createSuppression, listSuppressions } from "@/lib/server/suppressions";
import { suppressionDraftSchema, suppressionListQuery } from "@/lib/suppressions/schema";

// The suppression lists. Viewers and read tokens read; analysts, admins and write tokens change.

/** `state=active|expiring|expired|disabled`, `q` (part of a name or reason), `page`, `pageSize`. */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: suppressionListQuery },
  async ({ query }) => listSuppressions(query),
);

/** Answers 201 with the suppression; the signals it covers are regrouped before the answer. */
export const POST = withRoute(
  { access: { role: "analyst", scope: "write" }, body: suppressionDraftSchema },
  async ({ body, actor, ip }) => created(await createSuppression(body, { actor, ip })),
);
