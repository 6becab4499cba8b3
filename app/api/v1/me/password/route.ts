import { z } from "zod";
import { withRoute } from "@/lib/api/route";
import { changePassword, passwordSchema } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, "is required"),
  newPassword: passwordSchema,
});

export const POST = withRoute({ access: "session", body: passwordChangeSchema }, async ({ actor, body, ip }) => {
  await getDb().$transaction((tx) =>
    changePassword(tx, { userId: actor.userId, ...body, keepSessionId: actor.sessionId, ip }),
  );
  return { changed: true };
});
