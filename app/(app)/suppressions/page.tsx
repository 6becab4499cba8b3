import type { Metadata } from "next";
import { SuppressionsScreen } from "@/components/suppressions/suppressions-screen";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Suppressions" };

// Every role reads the lists; analysts and admins change them (the API checks it too).
export default async function Page() {
  const user = await requireUser();
  return <SuppressionsScreen canEdit={hasRole(user.role, "analyst")} />;
}
