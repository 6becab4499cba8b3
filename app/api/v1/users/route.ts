import { withRoute } from "@/lib/api/route";
import { auditActorOf } from "@/lib/auth/audit";
import { createUser, newUserSchema, publicUserSelect } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { pageQuerySchema, toSkipTake } from "@/lib/page";

export const GET = withRoute({ access: { role: "admin" }, query: pageQuerySchema }, async ({ query }) => {
  const db = getDb();
  const [data, total] = await Promise.all([
    db.user.findMany({ select: publicUserSelect, orderBy: { createdAt: "asc" }, ...toSkipTake(query) }),
    db.user.count(),
  ]);
  return { data, total, page: query.page, pageSize: query.pageSize };
});

// An admin sets a temporary password; the user must replace it at first sign-in.
export const POST = withRoute({ access: { role: "admin" }, body: newUserSchema }, async ({ actor, body, ip }) => {
  const user = await getDb().$transaction((tx) =>
    createUser(tx, { user: body, mustChangePassword: true, actor: auditActorOf(actor), ip }),
  );
  return Response.json({ data: user }, { status: 201 });
});
