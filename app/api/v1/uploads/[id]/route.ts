import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { getUpload } from "@/lib/server/uploads";

export const GET = withRoute(
  { access: { role: "viewer", scope: ["read", "ingest"] }, params: z.object({ id: uuidId("upload") }) },
  async ({ params }) => getUpload(params.id),
);
