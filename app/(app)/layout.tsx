import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { Sidebar } from "@/components/layout/sidebar";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const me = { name: user.name, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword };
  return (
    <div className="flex min-h-screen">
      <Sidebar role={user.role} />
      <div className="flex min-w-0 flex-1 flex-col">
        <Header me={me} />
        <main className="mx-auto w-full max-w-[1600px] flex-1 px-6 py-8">{children}</main>
      </div>
    </div>
  );
}
