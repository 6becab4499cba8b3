import type { Metadata } from "next";
import { InvestigateScreen } from "@/components/investigate/investigate-screen";
import { requireUser } from "@/lib/server/current-user";
import { getOverview } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Investigate" };

// Every role may investigate, so signing in is the only check.
export default async function Page() {
  await requireUser();
  const { hasEvents } = await getOverview();
  return <InvestigateScreen hasEvents={hasEvents} />;
}
