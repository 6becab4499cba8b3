import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/route";
import { recordAudit } from "@/lib/auth/audit";
import { deleteSession } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { isHttps } from "@/lib/server/request-auth";
import { clearSessionCookie } from "@/lib/server/session-cookie";

export const POST = withRoute({ access: "session" }, async ({ req, actor, ip }) => {
  await getDb().$transaction(async (tx) => {
    await deleteSession(tx, actor.sessionId);
    await recordAudit(tx, { actor: { type: "user", id: actor.userId, label: actor.email }, action: "auth.logout", ip });
  });
  return clearSessionCookie(NextResponse.json({ data: { signedOut: true } }), { secure: isHttps(req) });
});
