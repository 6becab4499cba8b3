import type { Metadata } from "next";
import { AuditScreen } from "@/components/audit/audit-screen";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { auditActions } from "@/lib/auth/audit";
import { requireUser } from "@/lib/server/current-user";

export const metadata: Metadata = { title: "Audit" };

export default async function Page() {
  const user = await requireUser();
  if (!hasRole(user.role, "admin")) {
    return (
      <>
        <PageHeader title="Audit" />
        <Forbidden neededRole="admin" />
      </>
    );
  }
  return <AuditScreen actions={auditActions} />;
}
