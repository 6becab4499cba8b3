import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { isSetupNeeded } from "@/lib/auth/setup";
import { getDb } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/server/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  // With the database down, still show the form: it explains the outage instead of an error page.
  const state = await Promise.all([getCurrentUser(), isSetupNeeded(getDb())]).catch(() => null);
  if (state?.[0]) redirect("/signals");
  if (state?.[1]) redirect("/setup");
  const { next } = await searchParams;
  return <LoginForm next={next ?? null} />;
}
