import type { Metadata } from "next";
import { TokensAdmin } from "@/components/settings/tokens-admin";
import { Forbidden } from "@/components/ui/forbidden";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  const user = await requireUser();
  if (!hasRole(user.role, "admin")) return <Forbidden neededRole="admin" />;
  return <TokensAdmin />;
}
