import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export function Forbidden({ neededRole }: { neededRole: string }) {
  return (
    <EmptyState icon={Lock} title={`Only for the ${neededRole} role`}>
      Your account cannot see this page. Ask an admin if you need it.
    </EmptyState>
  );
}
