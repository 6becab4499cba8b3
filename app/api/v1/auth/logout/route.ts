import { jsonResponse } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { signOut } from "@/lib/server/accounts";
import { isHttps } from "@/lib/server/request-auth";
import { clearSessionCookie } from "@/lib/server/session-cookie";

export const POST = withRoute({ access: "session" }, async ({ req, actor, ip }) => {
  await signOut(actor, ip);
  return clearSessionCookie(jsonResponse({ signedOut: true }), { secure: isHttps(req) });
});
