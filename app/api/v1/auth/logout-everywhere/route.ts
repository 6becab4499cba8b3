import { jsonResponse } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { signOutEverywhere } from "@/lib/server/accounts";
import { isHttps } from "@/lib/server/request-auth";
import { clearSessionCookie } from "@/lib/server/session-cookie";

/** Ends every session of the caller's account, this one included. */
export const POST = withRoute({ access: "session" }, async ({ req, actor, ip }) => {
  const sessionsEnded = await signOutEverywhere(actor, ip);
  return clearSessionCookie(jsonResponse({ sessionsEnded }), { secure: isHttps(req) });
});
