import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { auditActorOf } from "@/lib/auth/audit";
import { updateUser, userUpdateSchema } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";

const params = z.object({ id: z.uuid("must be a user id") });

export const PATCH = withRoute(
  { access: { role: "admin" }, params, body: userUpdateSchema },
  async ({ actor, params, body, ip }) => {
    const user = await getDb().$transaction((tx) =>
      updateUser(tx, { id: params.id, update: body, actor: auditActorOf(actor), ip }),
    );
    return { data: user };
  },
);
