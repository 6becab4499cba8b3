import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { isSetupNeeded } from "@/lib/auth/setup";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (!(await isSetupNeeded(getDb()))) redirect("/login");
  return <SetupForm />;
}
