import type { Metadata } from "next";
import { EventsScreen } from "@/components/events/events-screen";
import { loadEventSearch } from "@/lib/events/search-params";
import { requireUser } from "@/lib/server/current-user";
import { getUploadFilename } from "@/lib/server/events";
import { getOverview } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Events" };

// Every role may read events, so signing in is the only check.
export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const { upload } = await loadEventSearch(searchParams);
  const [{ hasEvents }, uploadName] = await Promise.all([
    getOverview(),
    upload ? getUploadFilename(upload) : Promise.resolve(null),
  ]);
  return <EventsScreen hasEvents={hasEvents} uploadName={uploadName} />;
}
