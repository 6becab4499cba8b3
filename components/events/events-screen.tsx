import { TableProperties, Upload } from "lucide-react";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getOverview } from "@/lib/server/overview";

export async function EventsScreen() {
  const { hasEvents } = await getOverview();
  return (
    <>
      <PageHeader
        title="Events"
        description="Search every stored CloudTrail event by time, principal, IP, access key and more."
      />
      <NotBuiltYet>Event search arrives with issue #4.</NotBuiltYet>
      <EmptyState
        icon={TableProperties}
        title={hasEvents ? "Event search is on its way" : "No events stored yet"}
        action={
          hasEvents ? undefined : (
            <ButtonLink href="/uploads">
              <Upload className="size-4" aria-hidden />
              Upload CloudTrail logs
            </ButtonLink>
          )
        }
      >
        Each event is stored once, however many exports contain it, with its original JSON kept for review.
      </EmptyState>
    </>
  );
}
