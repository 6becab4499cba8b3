import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { auditActorOf } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";

const params = z.object({ id: z.uuid("must be a token id") });

/** Revokes the token; it stays listed, marked revoked, for the record. */
export const DELETE = withRoute({ access: { role: "admin" }, params }, async ({ actor, params, ip }) => {
  const token = await getDb().$transaction((tx) =>
    revokeApiToken(tx, { id: params.id, actor: auditActorOf(actor), ip }),
  );
  return { data: token };
});
