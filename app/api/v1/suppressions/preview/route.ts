import { withRoute } from "@/lib/api/route";
import { previewSuppressionDraft } from "@/lib/server/suppressions";
import { suppressionPreviewSchema } from "@/lib/suppressions/schema";

/**
 * What saving the draft would do, over the stored data, with nothing written: the events and matches it
 * covers, the signals it would hide or change (open ones first), the principals, IPs and keys involved, and
 * a sample. With `id`, the draft replaces that suppression.
 */
export const POST = withRoute(
  { access: { role: "analyst", scope: "write" }, body: suppressionPreviewSchema },
  async ({ body }) => previewSuppressionDraft(body),
);
