import { listOf } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { listAssignableUsers } from "@/lib/server/accounts";

/**
 * The people a signal can be assigned to: active analysts and admins, by name. Anyone who may read
 * signals may list them, since the Signals page filters by assignee.
 */
export const GET = withRoute({ access: { role: "viewer", scope: "read" } }, async () =>
  listOf(await listAssignableUsers()),
);
