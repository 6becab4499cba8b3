import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { listOf } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { suppressionHistory } from "@/lib/server/suppressions";

/** Every saved version, newest first: who, when, and what changed in words. */
export const GET = withRoute(
  {
    access: { role: "viewer", scope: "read" },
    params: z.object({ id: uuidId("suppression") }),
  },
  async ({ params }) => {
    const history = await suppressionHistory(params.id);
    if (!history) throw new AppError("NOT_FOUND", `No suppression with id ${params.id}.`);
    return listOf(history);
  },
);
