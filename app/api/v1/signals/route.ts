import { withRoute } from "@/lib/api/route";
import { listSignals } from "@/lib/server/signals";
import { signalQuerySchema } from "@/lib/signals/filters";

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: signalQuerySchema },
  async ({ query }) => {
    const { page, pageSize, ...filters } = query;
    return listSignals({ filters, page: { page, pageSize } });
  },
);
