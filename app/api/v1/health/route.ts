import { reply } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { checkDatabase } from "@/lib/server/health";
import { appVersion } from "@/lib/version";

export const dynamic = "force-dynamic";

export const GET = withRoute({ access: "public" }, async () => {
  const health = await checkDatabase(getDb);
  if (health.ok) return { status: "ok", db: "ok", version: appVersion };
  const reason = health.reason ?? "database unreachable";
  return reply(
    {
      status: "unavailable",
      db: "error",
      version: appVersion,
      reason,
      error: { code: "UNAVAILABLE", message: reason },
    },
    { status: 503 },
  );
});
