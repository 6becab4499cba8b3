import { z } from "zod";
import { rowId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { getEvent } from "@/lib/server/events";

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: z.object({ id: rowId("event") }) },
  async ({ params }) => {
    const event = await getEvent(params.id);
    if (!event) throw new AppError("NOT_FOUND", `No event with id ${params.id}.`);
    return event;
  },
);
