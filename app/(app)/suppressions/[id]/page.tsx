import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SuppressionScreen } from "@/components/suppressions/suppression-screen";
import { hasRole } from "@/lib/auth/access";
import { requireUser } from "@/lib/server/current-user";
import { getSuppression } from "@/lib/server/suppressions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Suppression" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const suppression = await getSuppression(id);
  if (!suppression) notFound();
  return <SuppressionScreen initial={suppression} canEdit={hasRole(user.role, "analyst")} />;
}
