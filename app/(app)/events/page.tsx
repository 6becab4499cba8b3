import type { Metadata } from "next";
import { EventsScreen } from "@/components/events/events-screen";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Events" };

export default function Page() {
  return <EventsScreen />;
}
