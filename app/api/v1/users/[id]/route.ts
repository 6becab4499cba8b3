import { z } from "zod";
import { uuidId } from "@/lib/api/ids";
import { withRoute } from "@/lib/api/route";
import { userUpdateSchema } from "@/lib/auth/users";
import { changeUser } from "@/lib/server/accounts";

const params = z.object({ id: uuidId("user") });

export const PATCH = withRoute(
  { access: { role: "admin" }, params, body: userUpdateSchema },
  async ({ actor, params, body, ip }) => changeUser({ id: params.id, update: body, actor, ip }),
);
