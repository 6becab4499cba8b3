import type { Metadata } from "next";
import { UploadsScreen } from "@/components/uploads/uploads-screen";
import { hasRole } from "@/lib/auth/access";
import { ingestLimits } from "@/lib/ingest/limits";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Uploads" };

// Every role may follow uploads; sending them needs the analyst role (POST /api/v1/uploads checks it too).
export default async function Page() {
  const user = await requireUser();
  // The browser cuts a folder into uploads the server takes (MAX_UPLOAD_MB may be below its usual part size).
  return <UploadsScreen canUpload={hasRole(user.role, "analyst")} maxUploadBytes={ingestLimits().maxUploadBytes} />;
}
