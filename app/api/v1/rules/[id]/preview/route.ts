import { z } from "zod";
import { textId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { ruleConfigPatchSchema } from "@/lib/detection/rule-config";
import { previewRuleChange } from "@/lib/server/rules";

/** What a configuration change would do to the signals, compared with today's; nothing is saved. */
export const POST = withRoute(
  { access: { role: "admin" }, params: z.object({ id: textId("rule") }), body: ruleConfigPatchSchema },
  async ({ params, body }) => previewRuleChange({ id: params.id, patch: body }),
);
