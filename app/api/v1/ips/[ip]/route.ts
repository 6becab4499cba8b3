import { withRoute } from "@/lib/api/route";
import { ipParamSchema, rangeQuerySchema, rangeWindow } from "@/lib/entities/params";
import { resolveSourceAddress } from "@/lib/server/entities/resolve";
import { getIpView } from "@/lib/server/entities/views";

/** One source address: classification, country and ASN, principals, keys, calls and signals. */
export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, params: ipParamSchema, query: rangeQuerySchema },
  async ({ params, query }) => resolveSourceAddress(params.ip, (ip) => getIpView(ip, rangeWindow(query))),
);
