import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { topRanges } from "@/lib/entities/types";
import { getTopEntities } from "@/lib/server/entities/top";

/** The most denied principals, IPs and keys over the last 24h, 7d or 30d of stored activity, or all time. */
export const GET = withRoute(
  {
    access: { role: "viewer", scope: "read" },
    query: z.object({
      range: z.enum(topRanges).default("7d"),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
  },
  async ({ query }) => getTopEntities(query.range, query.limit),
);
