"use client";

import { CountTabs } from "@/components/ui/count-tabs";
import { type UploadPage, type UploadStatus, uploadStatuses } from "@/components/uploads/use-uploads";

const ALL = "all";
const tabs: { status: UploadStatus | undefined; label: string }[] = [
  { status: undefined, label: "All" },
  ...uploadStatuses.map((status) => ({ status, label: status[0]?.toUpperCase() + status.slice(1) })),
];

export const tabId = (status: UploadStatus | undefined) => `uploads-tab-${status ?? ALL}`;
export const PANEL_ID = "uploads-panel";

/** Tabs that filter the list by status, each with its count over every upload; arrow keys move between them. */
export function StatusTabs({
  status,
  counts,
  onChange,
}: {
  status: UploadStatus | undefined;
  counts: UploadPage["counts"] | undefined;
  onChange: (status: UploadStatus | undefined) => void;
}) {
  const all = Object.values(counts ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    <CountTabs
      label="Upload status"
      idOf={(key) => `uploads-tab-${key}`}
      panelId={PANEL_ID}
      selected={status ?? ALL}
      onSelect={(key) => onChange(key === ALL ? undefined : (key as UploadStatus))}
      tabs={tabs.map((tab) => ({
        key: tab.status ?? ALL,
        label: tab.label,
        count: counts ? (tab.status ? (counts[tab.status] ?? 0) : all) : undefined,
        isAlert: tab.status === "failed",
      }))}
    />
  );
}
