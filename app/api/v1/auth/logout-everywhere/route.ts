import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/route";
import { recordAudit } from "@/lib/auth/audit";
import { deleteUserSessions } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { isHttps } from "@/lib/server/request-auth";
import { clearSessionCookie } from "@/lib/server/session-cookie";

export const POST = withRoute({ access: "session" }, async ({ req, actor, ip }) => {
  const sessionsEnded = await getDb().$transaction(async (tx) => {
    const count = await deleteUserSessions(tx, actor.userId);
    await recordAudit(tx, {
      actor: { type: "user", id: actor.userId, label: actor.email },
      action: "auth.logout_everywhere",
      ip,
      details: { sessionsEnded: count },
    });
    return count;
  });
  return clearSessionCookie(NextResponse.json({ data: { sessionsEnded } }), { secure: isHttps(req) });
});
