import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IpScreen } from "@/components/investigate/ip-screen";
import { decodeSegment } from "@/lib/entities/page-param";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ ip: string }> }): Promise<Metadata> {
  const value = decodeSegment((await params).ip);
  return { title: value ? `${value.slice(0, 80)} · Source address` : "Source address" };
}

// Every role may investigate, so signing in is the only check. The screen fetches its data for the
// range in the URL; a value nothing stored names gets its own empty state there.
export default async function Page({ params }: { params: Promise<{ ip: string }> }) {
  await requireUser();
  const value = decodeSegment((await params).ip);
  if (!value) notFound();
  return <IpScreen key={value} ip={value} />;
}
