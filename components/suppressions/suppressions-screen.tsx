import { BellOff } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export function SuppressionsScreen() {
  return (
    <>
      <PageHeader
        title="Suppressions"
        description="Known-good principals, IPs and keys whose matches should not raise signals."
      />
      <NotBuiltYet>Suppression lists are planned in a later issue.</NotBuiltYet>
      <EmptyState icon={BellOff} title="No suppressions">
        A suppression names a rule, conditions on event attributes and an expiry. You will see which past signals it
        would silence before you save it, and suppressed matches are never deleted.
      </EmptyState>
    </>
  );
}
