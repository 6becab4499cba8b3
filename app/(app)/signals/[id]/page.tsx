import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { SignalScreen } from "@/components/signals/signal-screen";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";
import { getSignal, signalRedirect } from "@/lib/server/signals";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Signal" };

// Every role may read a signal; analysts and admins triage it. One absorbed by a merge leads to the signal
// that absorbed it.
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const survivor = await signalRedirect(id);
  if (survivor) redirect(`/signals/${survivor}`);
  const signal = await getSignal(id);
  if (!signal) notFound();
  return (
    <SignalScreen
      initial={signal}
      me={{ id: user.userId, name: user.name, email: user.email }}
      canTriage={hasRole(user.role, "analyst")}
    />
  );
}
