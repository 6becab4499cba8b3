import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { revokeToken } from "@/lib/server/accounts";

const params = z.object({ id: z.uuid("must be a token id") });

/** Revokes the token; it stays listed, marked revoked, for the record. */
export const DELETE = withRoute({ access: { role: "admin" }, params }, async ({ actor, params, ip }) =>
  revokeToken({ id: params.id, actor, ip }),
);
