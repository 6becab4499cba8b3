import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { getEvent } from "@/lib/server/events";

const MAX_ID = 2n ** 63n - 1n;

/** Event ids are bigint row ids; anything else cannot name an event, so it is not found rather than invalid. */
function parseEventId(id: string): bigint | null {
  if (!/^\d{1,19}$/.test(id)) return null;
  const value = BigInt(id);
  return value <= MAX_ID ? value : null;
}

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: z.object({ id: z.string() }) },
  async ({ params }) => {
    const id = parseEventId(params.id);
    const event = id === null ? null : await getEvent(id);
    if (!event) throw new AppError("NOT_FOUND", `No event with id ${params.id}.`);
    return event;
  },
);
