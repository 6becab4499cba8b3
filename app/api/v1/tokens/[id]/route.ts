import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { revokeToken } from "@/lib/server/accounts";

const params = z.object({ id: uuidId("token") });

/** Revokes the token; it stays listed, marked revoked, for the record. */
export const DELETE = withRoute({ access: { role: "admin" }, params }, async ({ actor, params, ip }) =>
  revokeToken({ id: params.id, actor, ip }),
);
