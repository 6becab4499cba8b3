import { withRoute } from "@/lib/api/route";
import { bulkUpdateSignals } from "@/lib/server/signal-triage";
import { signalBulkSchema } from "@/lib/signals/triage";

/** One triage change to the listed signals (`ids`) or to every live signal matching `filter`. */
export const POST = withRoute(
  { access: { role: "analyst", scope: "write" }, body: signalBulkSchema },
  async ({ body, actor }) => bulkUpdateSignals({ change: body, actor }),
);
