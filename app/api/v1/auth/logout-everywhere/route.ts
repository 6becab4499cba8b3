import { reply } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { signOutEverywhere } from "@/lib/server/accounts";

/** Ends every session of the caller's account, this one included. */
export const POST = withRoute({ access: "session" }, async ({ actor, ip }) => {
  const sessionsEnded = await signOutEverywhere(actor, ip);
  return reply({ sessionsEnded }, { session: { clear: true } });
});
