import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { newUserSchema } from "@/lib/auth/users";
import { pageQuerySchema } from "@/lib/page";
import { addUser, listUsers } from "@/lib/server/accounts";

export const GET = withRoute({ access: { role: "admin" }, query: pageQuerySchema }, async ({ query }) =>
  listUsers(query),
);

// An admin sets a temporary password; the user must replace it at first sign-in.
export const POST = withRoute({ access: { role: "admin" }, body: newUserSchema }, async ({ actor, body, ip }) =>
  created(await addUser({ user: body, actor, ip })),
);
