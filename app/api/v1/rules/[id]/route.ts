import { z } from "zod";
import { textId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { auditActorOf } from "@/lib/auth/audit";
import { ruleUpdateSchema } from "@/lib/detection/rule-config";
import { AppError } from "@/lib/errors";
import { getRule, updateRule } from "@/lib/server/rules";

const params = z.object({ id: textId("rule") });

export const GET = withRoute({ access: { role: "viewer", scope: "read" }, params }, async ({ params }) => {
  const rule = await getRule(params.id);
  if (!rule) throw new AppError("NOT_FOUND", `No rule ${params.id}.`);
  return rule;
});

/** A new version of the rule's configuration; the stored events are re-evaluated in the background. */
export const PATCH = withRoute(
  { access: { role: "admin" }, params, body: ruleUpdateSchema },
  async ({ actor, params, body, ip }) =>
    updateRule({
      id: params.id,
      update: body,
      actor: auditActorOf(actor),
      userId: actor.kind === "user" ? actor.userId : null,
      ip,
    }),
);
