import { withRoute } from "@/lib/api/route";
import { ipParamSchema, rangeWindow, timelineQuerySchema } from "@/lib/entities/params";
import { resolveSourceAddress } from "@/lib/server/entities/resolve";
import { getEntityTimeline } from "@/lib/server/entities/views";

/** Allowed, denied and failed calls per bucket (`bucket`: 1m … 7d, chosen to fit when absent). */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: ipParamSchema, query: timelineQuerySchema },
  async ({ params, query }) =>
    resolveSourceAddress(params.ip, (ip) => getEntityTimeline("ip", ip, rangeWindow(query), query.bucket)),
);
