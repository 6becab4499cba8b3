import type { Metadata } from "next";
import { InvestigateScreen } from "@/components/investigate/investigate-screen";

export const metadata: Metadata = { title: "Investigate" };

export default function Page() {
  return <InvestigateScreen />;
}
