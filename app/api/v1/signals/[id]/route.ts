import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { updateSignalTriage } from "@/lib/server/signal-triage";
import { getSignal, signalRedirect } from "@/lib/server/signals";
import { signalUpdateSchema } from "@/lib/signals/triage";

const params = z.object({ id: uuidId("signal") });

export const GET = withRoute({ access: { role: "viewer", scope: "read" }, params }, async ({ req, params }) => {
  // A signal absorbed by a merge answers with a permanent redirect to the one that absorbed it.
  const survivor = await signalRedirect(params.id);
  if (survivor) return Response.redirect(new URL(`/api/v1/signals/${survivor}`, req.nextUrl), 308);
  const signal = await getSignal(params.id);
  if (!signal) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
  return signal;
});

/** A triage change: `{ status?, archiveReason?, comment?, assigneeId?, version }`; a stale version gets 409. */
export const PATCH = withRoute(
  { access: { role: "analyst", scope: "write" }, params, body: signalUpdateSchema },
  async ({ params, body, actor }) => {
    await updateSignalTriage({ id: params.id, update: body, actor });
    const signal = await getSignal(params.id);
    // Merged into another in the moment since the change: it names nothing now, as an unknown id.
    if (!signal) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
    return signal;
  },
);
