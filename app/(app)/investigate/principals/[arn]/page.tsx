import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PrincipalScreen } from "@/components/investigate/principal-screen";
import { decodeSegment } from "@/lib/entities/page-param";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ arn: string }> }): Promise<Metadata> {
  const value = decodeSegment((await params).arn);
  return { title: value ? `${value.slice(0, 80)} · Principal` : "Principal" };
}

// Every role may investigate, so signing in is the only check. The screen fetches its data for the
// range in the URL; a value nothing stored names gets its own empty state there.
export default async function Page({ params }: { params: Promise<{ arn: string }> }) {
  await requireUser();
  const value = decodeSegment((await params).arn);
  if (!value) notFound();
  return <PrincipalScreen key={value} arn={value} />;
}
