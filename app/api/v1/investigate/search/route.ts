import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { SEARCH_MAX_LENGTH } from "@/lib/entities/recognise";
import { searchEntities } from "@/lib/server/entities/search";

/**
 * What `q` names: a principal ARN (or a role's sessions), a source address, an access key id, a user name
 * (in any account) or an event id. `{ query, recognised, matches: [{ kind, value, detail, href, eventCount,
 * lastSeen }], message }`.
 */
export const GET = withRoute(
  {
    access: { role: "viewer", scope: "read" },
    query: z.object({ q: z.string().max(SEARCH_MAX_LENGTH, `at most ${SEARCH_MAX_LENGTH} characters`) }),
  },
  async ({ query }) => searchEntities(query.q),
);
