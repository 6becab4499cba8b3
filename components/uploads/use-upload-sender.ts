"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { type DropProgress, uploadSender } from "@/components/uploads/upload-sender";
import { uploadKeys } from "@/components/uploads/use-uploads";

const noDrops: DropProgress[] = [];

/** The drops being sent (or sent) from this tab, and the way to send more. */
export function useUploadSender(maxUploadBytes: number) {
  const queryClient = useQueryClient();
  const drops = useSyncExternalStore(uploadSender.subscribe, uploadSender.getSnapshot, () => noDrops);
  const isSending = drops.some((drop) => drop.state === "sending");

  // Leaving the app (closing the tab, reloading) would cut the requests short: ask first.
  useEffect(() => {
    if (!isSending) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [isSending]);

  const send = useCallback(
    (files: File[], label: string) =>
      uploadSender.send(
        files,
        label,
        () => void queryClient.invalidateQueries({ queryKey: uploadKeys.all }),
        maxUploadBytes,
      ),
    [queryClient, maxUploadBytes],
  );

  return { drops, send };
}
