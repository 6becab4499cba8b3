import { listOf } from "@/lib/api/json";
import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { createSavedView, listSavedViews } from "@/lib/server/saved-views";
import { savedViewInputSchema } from "@/lib/signals/saved-views";

// The caller's saved views of the Signals page. A view is personal and changes no signal, so any
// signed-in user may keep them, viewers included; tokens have no user to keep them for.

export const GET = withRoute({ access: "session" }, async ({ actor }) =>
  listOf(await listSavedViews({ userId: actor.userId })),
);

/** Answers 201 with the view, its query normalised; 409 when the caller already has a view of that name. */
export const POST = withRoute({ access: "session", body: savedViewInputSchema }, async ({ actor, body }) =>
  created(await createSavedView({ userId: actor.userId, view: body })),
);
