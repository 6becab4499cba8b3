import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import type { SignalAssignee } from "@/lib/signals/types";

/**
 * The people a signal can be assigned to: active analysts and admins, by name. Anyone who may read
 * signals may list them, since the Signals page filters by assignee.
 */
export const GET = withRoute({ access: { role: "viewer", scope: "read" } }, async () => {
  const data: SignalAssignee[] = await getDb().user.findMany({
    where: { disabledAt: null, role: { in: ["analyst", "admin"] } },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
  return { data };
});
