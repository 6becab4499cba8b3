import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { updateSignalTriage } from "@/lib/server/signal-triage";
import { getSignal, signalRedirect } from "@/lib/server/signals";
import { signalUpdateSchema } from "@/lib/signals/triage";

const params = z.object({ id: z.string() });
const signalId = z.object({ id: z.uuid({ error: "must be a signal id" }) });

export const GET = withRoute({ access: { role: "viewer", scope: "read" }, params }, async ({ req, params }) => {
  const isUuid = z.uuid().safeParse(params.id).success;
  // A signal absorbed by a merge answers with a permanent redirect to the one that absorbed it.
  const survivor = isUuid ? await signalRedirect(params.id) : null;
  if (survivor) return Response.redirect(new URL(`/api/v1/signals/${survivor}`, req.nextUrl), 308);
  const signal = isUuid ? await getSignal(params.id) : null;
  if (!signal) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
  return signal;
});

/** A triage change: `{ status?, archiveReason?, comment?, assigneeId?, version }`; a stale version gets 409. */
export const PATCH = withRoute(
  { access: { role: "analyst", scope: "write" }, params: signalId, body: signalUpdateSchema },
  async ({ params, body, actor }) => {
    await updateSignalTriage({ id: params.id, update: body, actor });
    return getSignal(params.id);
  },
);
