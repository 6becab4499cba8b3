import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { listRelatedSignals } from "@/lib/server/related-signals";
import { signalRedirect } from "@/lib/server/signals";

/**
 * The live signals sharing this one's principal, a source IP or an access key, closest first
 * (the same principal, then a shared key, then a shared IP; each newest first):
 * a page of at most 25 (`{ data: RelatedSignal[], total, page, pageSize }`), each saying what it shares. An absorbed signal's id
 * redirects to its survivor's related signals, as GET /signals/{id} does.
 */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: z.object({ id: uuidId("signal") }) },
  async ({ req, params }) => {
    const survivor = await signalRedirect(params.id);
    if (survivor) return Response.redirect(new URL(`/api/v1/signals/${survivor}/related`, req.nextUrl), 308);
    const related = await listRelatedSignals(params.id);
    if (!related) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
    return related;
  },
);
