import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { newApiTokenSchema } from "@/lib/auth/api-tokens";
import { pageQuerySchema } from "@/lib/page";
import { addApiToken, listApiTokens } from "@/lib/server/accounts";

export const GET = withRoute({ access: { role: "admin" }, query: pageQuerySchema }, async ({ query }) =>
  listApiTokens(query),
);

/** The answer carries the token itself: the only time it is shown. */
export const POST = withRoute({ access: { role: "admin" }, body: newApiTokenSchema }, async ({ actor, body, ip }) =>
  created(await addApiToken({ token: body, actor, ip })),
);
