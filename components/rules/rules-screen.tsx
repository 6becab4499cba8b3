import { ScrollText } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export function RulesScreen() {
  return (
    <>
      <PageHeader title="Rules" description="What TrailTriage detects, with its configuration and version history." />
      <NotBuiltYet>The rule engine and this page arrive with issue #5.</NotBuiltYet>
      <EmptyState icon={ScrollText} title="Amazon Bedrock discovery attempt by long-term access key">
        A port of Datadog Cloud SIEM rule def-000-an8 (MITRE ATT&amp;CK TA0007 Discovery, T1526 Cloud Service
        Discovery): model and training-job discovery calls on Bedrock or SageMaker, denied with AccessDenied, made with
        a long-term access key.
      </EmptyState>
    </>
  );
}
