import { History } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export function AuditScreen() {
  return (
    <>
      <PageHeader title="Audit" description="An append-only record of logins and of every change, with its author." />
      <NotBuiltYet>Accounts and the audit log arrive with issue #3.</NotBuiltYet>
      <EmptyState icon={History} title="No audit entries">
        The audit table already refuses updates and deletes at the database level; entries start with accounts.
      </EmptyState>
    </>
  );
}
