import { withRoute } from "@/lib/api/route";
import { principalParamSchema, rangeWindow, timelineQuerySchema } from "@/lib/entities/params";
import { AppError } from "@/lib/errors";
import { getEntityTimeline } from "@/lib/server/entities/views";

/** Allowed, denied and failed calls per bucket (`bucket`: 1m … 7d, chosen to fit when absent). */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: principalParamSchema, query: timelineQuerySchema },
  async ({ params, query }) => {
    const timeline = await getEntityTimeline("principal", params.arn, rangeWindow(query), query.bucket);
    if (!timeline) throw new AppError("NOT_FOUND", `No stored event was made by ${params.arn}.`);
    return timeline;
  },
);
