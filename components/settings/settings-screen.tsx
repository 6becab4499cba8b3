import { Settings } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { NotBuiltYet } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export function SettingsScreen() {
  return (
    <>
      <PageHeader title="Settings" description="Users and roles, API tokens, and your own account." />
      <NotBuiltYet>Users, API tokens and account settings arrive with issue #3.</NotBuiltYet>
      <EmptyState icon={Settings} title="Nothing to configure yet">
        Appearance follows your system; switch between light and dark with the button at the top right.
      </EmptyState>
    </>
  );
}
