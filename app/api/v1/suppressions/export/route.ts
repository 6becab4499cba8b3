import { jsonResponse } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { exportStamp } from "@/lib/export/download";
import { exportSuppressions } from "@/lib/server/suppressions";

/** Every suppression as a JSON file that POST /api/v1/suppressions/import reads back. */
export const GET = withRoute({ access: { role: "viewer", scope: "read" } }, async () =>
  jsonResponse(await exportSuppressions(), {
    headers: { "content-disposition": `attachment; filename="suppressions-${exportStamp()}.json"` },
  }),
);
