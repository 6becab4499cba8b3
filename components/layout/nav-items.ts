import {
  BellOff,
  FileSearch,
  History,
  type LucideIcon,
  ScrollText,
  Settings,
  ShieldAlert,
  TableProperties,
  Upload,
} from "lucide-react";

import type { Role } from "@/lib/generated/prisma/enums";

export interface NavItem {
  href: "/signals" | "/uploads" | "/events" | "/investigate" | "/suppressions" | "/rules" | "/audit" | "/settings";
  label: string;
  icon: LucideIcon;
  description: string;
  /** The least role that sees the entry; everyone when unset. */
  role?: Role;
}

// The order follows an analyst's day: what fired, what came in, then the tools to dig and tune.
export const navItems: NavItem[] = [
  { href: "/signals", label: "Signals", icon: ShieldAlert, description: "Detections to triage" },
  { href: "/uploads", label: "Uploads", icon: Upload, description: "CloudTrail exports and their ingestion" },
  { href: "/events", label: "Events", icon: TableProperties, description: "Every stored CloudTrail event" },
  { href: "/investigate", label: "Investigate", icon: FileSearch, description: "A principal, an IP or an access key" },
  { href: "/suppressions", label: "Suppressions", icon: BellOff, description: "Known-good activity to silence" },
  { href: "/rules", label: "Rules", icon: ScrollText, description: "What is detected, and how" },
  { href: "/audit", label: "Audit", icon: History, description: "Who changed what, and when", role: "admin" },
  { href: "/settings", label: "Settings", icon: Settings, description: "Users, tokens and your account" },
];
