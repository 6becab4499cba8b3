import { CheckCircle2, ShieldAlert, Upload } from "lucide-react";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getOverview } from "@/lib/server/overview";

export async function SignalsScreen() {
  const overview = await getOverview();
  return (
    <>
      <PageHeader
        title="Signals"
        description="Denied Bedrock and SageMaker discovery calls made with long-term access keys, grouped per principal."
      />
      <NotBuiltYet>Detection arrives with issue #5 and the triage workflow with issue #6.</NotBuiltYet>
      {overview.hasEvents ? (
        <EmptyState icon={CheckCircle2} title="No signals">
          None of your stored CloudTrail events is a denied discovery attempt by a long-term key. New uploads are
          checked as they arrive.
        </EmptyState>
      ) : (
        <EmptyState
          icon={ShieldAlert}
          title="No signals yet"
          action={
            <ButtonLink href="/uploads">
              <Upload className="size-4" aria-hidden />
              Upload CloudTrail logs
            </ButtonLink>
          }
        >
          Signals appear when CloudTrail shows a long-term access key (AKIA…, or a Bedrock API key) being denied while
          listing or describing models and training jobs. Start by uploading CloudTrail logs.
        </EmptyState>
      )}
    </>
  );
}
