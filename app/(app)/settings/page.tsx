import type { Metadata } from "next";
import { AccountSettings } from "@/components/settings/account-settings";
import { requireUser } from "@/lib/server/current-user";

export const metadata: Metadata = { title: "Your account" };

export default async function Page() {
  const user = await requireUser();
  return (
    <AccountSettings
      me={{ name: user.name, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword }}
    />
  );
}
