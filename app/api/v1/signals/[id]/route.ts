import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { getSignal, signalRedirect } from "@/lib/server/signals";

const params = z.object({ id: z.string() });

export const GET = withRoute({ access: { role: "viewer", scope: "read" }, params }, async ({ req, params }) => {
  const isUuid = z.uuid().safeParse(params.id).success;
  // A signal absorbed by a merge answers with a permanent redirect to the one that absorbed it.
  const survivor = isUuid ? await signalRedirect(params.id) : null;
  if (survivor) return Response.redirect(new URL(`/api/v1/signals/${survivor}`, req.nextUrl), 308);
  const signal = isUuid ? await getSignal(params.id) : null;
  if (!signal) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
  return signal;
});
