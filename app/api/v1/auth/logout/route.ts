import { reply } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { signOut } from "@/lib/server/accounts";

export const POST = withRoute({ access: "session" }, async ({ actor, ip }) => {
  await signOut(actor, ip);
  return reply({ signedOut: true }, { session: { clear: true } });
});
