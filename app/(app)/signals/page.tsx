import type { Metadata } from "next";
import { SignalsScreen } from "@/components/signals/signals-screen";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Signals" };

export default function Page() {
  return <SignalsScreen />;
}
