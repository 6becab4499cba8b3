import type { Metadata } from "next";
import { SuppressionsScreen } from "@/components/suppressions/suppressions-screen";

export const metadata: Metadata = { title: "Suppressions" };

export default function Page() {
  return <SuppressionsScreen />;
}
