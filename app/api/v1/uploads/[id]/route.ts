import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { getUpload } from "@/lib/server/uploads";

export const GET = withRoute(
  { access: { role: "viewer", scope: ["read", "ingest"] }, params: z.object({ id: z.string() }) },
  async ({ params }) => getUpload(params.id),
);
