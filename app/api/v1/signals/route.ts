import { withRoute } from "@/lib/api/route";
import { listSignals } from "@/lib/server/signals";
import { signalQuerySchema } from "@/lib/signals/filters";

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: signalQuerySchema },
  async ({ query, actor }) => {
    const { page, pageSize, sort, ...filters } = query;
    const viewer = { userId: actor.kind === "user" ? actor.userId : null };
    return listSignals({ filters, sort, page: { page, pageSize }, viewer });
  },
);
