import { withRoute } from "@/lib/api/route";
import { principalParamSchema, rangeQuerySchema, rangeWindow } from "@/lib/entities/params";
import { AppError } from "@/lib/errors";
import { getPrincipalView } from "@/lib/server/entities/views";

/** One principal: identity, keys, IPs, calls, regions, user agents and signals, over `from`–`to` or all time. */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: principalParamSchema, query: rangeQuerySchema },
  async ({ params, query }) => {
    const view = await getPrincipalView(params.arn, rangeWindow(query));
    if (!view) throw new AppError("NOT_FOUND", `No stored event was made by ${params.arn}.`);
    return view;
  },
);
