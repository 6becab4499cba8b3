import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { noContent } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { deleteSavedView, updateSavedView } from "@/lib/server/saved-views";
import { savedViewPatchSchema } from "@/lib/signals/saved-views";

// One of the caller's saved views. Another user's view answers 404, as a missing one does.

const params = z.object({ viewId: uuidId("saved view") });

/** Renames the view, replaces its query, or both. */
export const PATCH = withRoute(
  { access: "session", params, body: savedViewPatchSchema },
  async ({ actor, params, body }) => updateSavedView({ userId: actor.userId, id: params.viewId, patch: body }),
);

export const DELETE = withRoute({ access: "session", params }, async ({ actor, params }) => {
  await deleteSavedView({ userId: actor.userId, id: params.viewId });
  return noContent();
});
