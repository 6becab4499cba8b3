import type { Metadata } from "next";
import { UploadsScreen } from "@/components/uploads/uploads-screen";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Uploads" };

// Every role may follow uploads; sending them needs the analyst role (POST /api/v1/uploads checks it too).
export default async function Page() {
  const user = await requireUser();
  return <UploadsScreen canUpload={hasRole(user.role, "analyst")} />;
}
