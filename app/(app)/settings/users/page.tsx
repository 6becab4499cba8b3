import type { Metadata } from "next";
import { UsersAdmin } from "@/components/settings/users-admin";
import { Forbidden } from "@/components/ui/forbidden";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  const user = await requireUser();
  if (!hasRole(user.role, "admin")) return <Forbidden neededRole="admin" />;
  return <UsersAdmin myEmail={user.email} />;
}
