import { FileSearch } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export function InvestigateScreen() {
  return (
    <>
      <PageHeader
        title="Investigate"
        description="Everything one principal, IP address or access key did, on one page."
      />
      <NotBuiltYet>
        Investigation views are planned in a later issue; until then, signals link to the Events page.
      </NotBuiltYet>
      <EmptyState icon={FileSearch} title="Pick a principal, an IP or an access key">
        Open a signal and follow its principal ARN, source IP or access key id to see their other activity, including
        the calls that succeeded.
      </EmptyState>
    </>
  );
}
