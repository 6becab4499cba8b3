import { withRoute } from "@/lib/api/route";
import { keyParamSchema, rangeQuerySchema, rangeWindow } from "@/lib/entities/params";
import { AppError } from "@/lib/errors";
import { getKeyView } from "@/lib/server/entities/views";

/** One access key: owner, credential type, IPs, calls, signals and the remediation to run. */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: keyParamSchema, query: rangeQuerySchema },
  async ({ params, query }) => {
    const view = await getKeyView(params.id, rangeWindow(query));
    if (!view) throw new AppError("NOT_FOUND", `No stored event used the access key ${params.id}.`);
    return view;
  },
);
