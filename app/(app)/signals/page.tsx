import type { Metadata } from "next";
import { SignalsScreen } from "@/components/signals/signals-screen";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";
import { getUploadFilename } from "@/lib/server/events";
import { getOverview } from "@/lib/server/overview";
import { getRuleName } from "@/lib/server/rules";
import { loadSignalSearch } from "@/lib/signals/search-params";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Signals" };

// Every role may read signals, so signing in is the only check; analysts and admins triage them.
export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { upload, ruleId } = await loadSignalSearch(searchParams);
  const [{ hasEvents }, uploadName, ruleName] = await Promise.all([
    getOverview(),
    upload ? getUploadFilename(upload) : Promise.resolve(null),
    ruleId ? getRuleName(ruleId) : Promise.resolve(null),
  ]);
  return (
    <SignalsScreen
      hasEvents={hasEvents}
      uploadName={uploadName}
      ruleName={ruleName}
      me={{ id: user.userId, name: user.name, email: user.email }}
      canTriage={hasRole(user.role, "analyst")}
    />
  );
}
