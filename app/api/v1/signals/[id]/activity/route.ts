import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { listOf } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { listSignalActivity } from "@/lib/server/signal-triage";

/** The signal's whole history, oldest first: detection's entries and every triage change, with who and when. */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: z.object({ id: uuidId("signal") }) },
  async ({ params }) => {
    const entries = await listSignalActivity(params.id);
    if (!entries) throw new AppError("NOT_FOUND", `No signal with id ${params.id}.`);
    return listOf(entries);
  },
);
