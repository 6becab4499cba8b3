"use client";

import { useRouter } from "next/navigation";
import { EventDrawer } from "@/components/events/event-drawer";
import { type EventRow, useEvent } from "@/components/events/use-events";
import { eventSearchParams } from "@/lib/events/filters";
import type { SignalEventItem } from "@/lib/signals/types";

/**
 * The Events page's drawer over the signal page, for one matched event. It starts from what the signal
 * knows and fills in as the stored event loads; a click on a value in it opens the Events page filtered.
 */
export function SignalEventDrawer({
  event,
  principalArn,
  accountId,
  onClose,
}: {
  event: SignalEventItem;
  principalArn: string | null;
  accountId: string | null;
  onClose: () => void;
}) {
  const router = useRouter();
  const detail = useEvent(event.id);
  const row: EventRow = detail.data ?? { ...event, principalArn, principalType: null, accountId };
  return (
    <EventDrawer
      row={row}
      onClose={onClose}
      onFilter={(changes) => router.push(`/events?${eventSearchParams(changes)}` as "/events")}
    />
  );
}
