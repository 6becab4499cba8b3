import { withRoute } from "@/lib/api/route";
import { apiTokenSelect, createApiToken, newApiTokenSchema } from "@/lib/auth/api-tokens";
import { auditActorOf } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";
import { pageQuerySchema, toSkipTake } from "@/lib/page";

export const GET = withRoute({ access: { role: "admin" }, query: pageQuerySchema }, async ({ query }) => {
  const db = getDb();
  const [data, total] = await Promise.all([
    db.apiToken.findMany({ select: apiTokenSelect, orderBy: { createdAt: "desc" }, ...toSkipTake(query) }),
    db.apiToken.count(),
  ]);
  return { data, total, page: query.page, pageSize: query.pageSize };
});

/** The answer carries the token itself: the only time it is shown. */
export const POST = withRoute({ access: { role: "admin" }, body: newApiTokenSchema }, async ({ actor, body, ip }) => {
  const createdById = actor.kind === "user" ? actor.userId : null;
  const token = await getDb().$transaction((tx) =>
    createApiToken(tx, { token: body, createdById, actor: auditActorOf(actor), ip }),
  );
  return Response.json({ data: token }, { status: 201 });
});
