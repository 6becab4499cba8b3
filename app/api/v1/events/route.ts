import { withRoute } from "@/lib/api/route";
import { eventQuerySchema } from "@/lib/events/filters";
import { listEvents } from "@/lib/server/events";

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: eventQuerySchema },
  async ({ query }) => {
    const { page, pageSize, ...filters } = query;
    return listEvents({ filters, page: { page, pageSize } });
  },
);
