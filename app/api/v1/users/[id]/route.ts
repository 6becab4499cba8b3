import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { userUpdateSchema } from "@/lib/auth/users";
import { changeUser } from "@/lib/server/accounts";

const params = z.object({ id: z.uuid("must be a user id") });

export const PATCH = withRoute(
  { access: { role: "admin" }, params, body: userUpdateSchema },
  async ({ actor, params, body, ip }) => changeUser({ id: params.id, update: body, actor, ip }),
);
