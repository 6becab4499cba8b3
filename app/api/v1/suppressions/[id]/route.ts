import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { noContent } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { deleteSuppression, getSuppression, updateSuppression } from "@/lib/server/suppressions";
import { suppressionPatchSchema } from "@/lib/suppressions/schema";

const params = z.object({ id: uuidId("suppression") });

/** The suppression with `hits`, `lastHitAt`, `signalsHidden` and `version`. */
export const GET = withRoute({ access: { role: "viewer", scope: "read" }, params }, async ({ params }) => {
  const suppression = await getSuppression(params.id);
  if (!suppression) throw new AppError("NOT_FOUND", `No suppression with id ${params.id}.`);
  return suppression;
});

/** A change from `version` (409 when someone saved first); the groups it touches are regrouped. */
export const PATCH = withRoute(
  { access: { role: "analyst", scope: "write" }, params, body: suppressionPatchSchema },
  async ({ params, body, actor, ip }) => updateSuppression(params.id, body, { actor, ip }),
);

/** Deletes it (its history stays); the signals it hid come back with theirs. `?version=` guards a stale page. */
export const DELETE = withRoute(
  {
    access: { role: "analyst", scope: "write" },
    params,
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
  },
  async ({ params, query, actor, ip }) => {
    await deleteSuppression(params.id, query.version ?? null, { actor, ip });
    return noContent();
  },
);
