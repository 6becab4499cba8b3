import { SearchX } from "lucide-react";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState icon={SearchX} title="Page not found" action={<ButtonLink href="/signals">Go to signals</ButtonLink>}>
      The address does not match any page of TrailTriage.
    </EmptyState>
  );
}
