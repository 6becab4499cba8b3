"use client";

import { TriangleAlert } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState
      icon={TriangleAlert}
      title="This page could not load"
      action={
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-sm text-white hover:bg-indigo-500"
        >
          Try again
        </button>
      }
    >
      The server could not answer, most often because the database is unreachable.
      {error.digest ? <span className="mt-2 block font-mono text-xs">Reference: {error.digest}</span> : null}
    </EmptyState>
  );
}
