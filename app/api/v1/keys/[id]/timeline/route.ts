import { withRoute } from "@/lib/api/route";
import { keyParamSchema, rangeWindow, timelineQuerySchema } from "@/lib/entities/params";
import { AppError } from "@/lib/errors";
import { getEntityTimeline } from "@/lib/server/entities/views";

/** Allowed, denied and failed calls per bucket (`bucket`: 1m … 7d, chosen to fit when absent). */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: keyParamSchema, query: timelineQuerySchema },
  async ({ params, query }) => {
    const timeline = await getEntityTimeline("access_key", params.id, rangeWindow(query), query.bucket);
    if (!timeline) throw new AppError("NOT_FOUND", `No stored event used the access key ${params.id}.`);
    return timeline;
  },
);
