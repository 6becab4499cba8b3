import type { Metadata } from "next";
import { UploadsScreen } from "@/components/uploads/uploads-screen";

export const metadata: Metadata = { title: "Uploads" };

export default function Page() {
  return <UploadsScreen />;
}
