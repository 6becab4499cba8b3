import { Upload } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

const formats = [
  "S3 delivery files (.json, .json.gz), whole AWSLogs/ folders",
  "Console Event history downloads, CSV or JSON",
  "aws cloudtrail lookup-events output and CloudTrail Lake results",
  "JSON Lines from a SIEM, bare arrays, EventBridge and CloudWatch Logs envelopes",
  ".zip, .tar, .tar.gz and .gz archives of any of these",
];

export function UploadsScreen() {
  return (
    <>
      <PageHeader title="Uploads" description="CloudTrail exports you bring, and how their ingestion went." />
      <NotBuiltYet>Uploading and ingestion arrive with issue #4.</NotBuiltYet>
      <EmptyState icon={Upload} title="Upload CloudTrail logs">
        <p>Drop any CloudTrail export here. TrailTriage will recognise it by its content:</p>
        <ul className="mt-3 space-y-1 text-left">
          {formats.map((format) => (
            <li key={format} className="flex gap-2">
              <span aria-hidden className="text-indigo-500">
                •
              </span>
              {format}
            </li>
          ))}
        </ul>
      </EmptyState>
    </>
  );
}
