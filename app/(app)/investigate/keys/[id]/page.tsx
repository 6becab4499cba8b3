import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { KeyScreen } from "@/components/investigate/key-screen";
import { decodeSegment } from "@/lib/entities/page-param";
import { requireUser } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const value = decodeSegment((await params).id);
  return { title: value ? `${value.slice(0, 80)} · Access key` : "Access key" };
}

// Every role may investigate, so signing in is the only check. The screen fetches its data for the
// range in the URL; a value nothing stored names gets its own empty state there.
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const value = decodeSegment((await params).id);
  if (!value) notFound();
  return <KeyScreen key={value} id={value} />;
}
