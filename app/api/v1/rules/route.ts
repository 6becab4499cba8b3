import { listOf } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { listRules } from "@/lib/server/rules";

export const GET = withRoute({ access: { role: "viewer", scope: "read" } }, async () => listOf(await listRules()));
