import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { currentUserHasRole } from "@/lib/server/current-user";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="Your account, and for admins the users and API tokens." />
      <SettingsTabs isAdmin={await currentUserHasRole("admin")} />
      {children}
    </>
  );
}
