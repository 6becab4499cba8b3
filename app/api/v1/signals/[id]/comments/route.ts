import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { addSignalComment } from "@/lib/server/signal-triage";
import { commentSchema } from "@/lib/signals/triage";

/** A Markdown comment on the signal's history (shown without raw HTML). Answers 201 with the entry. */
export const POST = withRoute(
  {
    access: { role: "analyst", scope: "write" },
    params: z.object({ id: uuidId("signal") }),
    body: commentSchema,
  },
  async ({ params, body, actor }) => created(await addSignalComment({ id: params.id, body: body.body, actor })),
);
