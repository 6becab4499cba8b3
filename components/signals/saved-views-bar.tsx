"use client";

import { clsx } from "clsx";
import { Bookmark, BookmarkPlus, Save, X } from "lucide-react";
import { useState } from "react";
import { useSavedViews } from "@/components/signals/use-saved-views";
import { Button, FormError, Input } from "@/components/ui/form";
import { ApiError, errorMessage } from "@/lib/client/api";
import { SAVED_VIEW_NAME_MAX, type SavedView } from "@/lib/signals/saved-views";

const chipBase = "inline-flex max-w-56 items-center rounded-full border text-xs transition-colors";

/**
 * The user's saved views of this page: a click applies one, the current filters and order can be saved
 * under a name, and a view opened then changed can be saved back. Deleting offers an undo, so a slip
 * loses nothing.
 */
export function SavedViewsBar({ query, onApply }: { query: string; onApply: (query: string) => void }) {
  const { views, create, update, remove } = useSavedViews();
  const [name, setName] = useState<string | null>(null);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<SavedView | null>(null);
  const list = views.data ?? [];
  const active = list.find((view) => view.query === query) ?? null;
  const opened = list.find((view) => view.id === openedId) ?? null;
  const isChanged = opened !== null && opened.query !== query;
  const clash =
    create.error instanceof ApiError && create.error.status === 409
      ? list.find((view) => view.name.toLowerCase() === (name ?? "").trim().toLowerCase())
      : undefined;

  function save(event: React.FormEvent) {
    event.preventDefault();
    if (!name?.trim()) return;
    create.mutate(
      { name: name.trim(), query },
      {
        onSuccess: (view) => {
          setName(null);
          setOpenedId(view.id);
        },
      },
    );
  }

  return (
    <section aria-label="Saved views" className="mb-3">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="mr-1 inline-flex items-center gap-1 font-medium text-sm text-zinc-600 dark:text-zinc-300">
          <Bookmark className="size-4" aria-hidden />
          Views
        </span>
        {views.isPending ? <span className="text-xs text-zinc-500">Loading…</span> : null}
        {views.isSuccess && list.length === 0 && name === null ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            None yet: filter and sort the list, then save it to come back to it in one click.
          </span>
        ) : null}
        {list.map((view) => {
          const isActive = view.id === active?.id;
          return (
            <span
              key={view.id}
              className={clsx(
                chipBase,
                isActive
                  ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
                  : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              <button
                type="button"
                aria-pressed={isActive}
                title={view.query ? `?${decodeURIComponent(view.query)}` : "No filters: what needs triage"}
                onClick={() => {
                  setOpenedId(view.id);
                  onApply(view.query);
                }}
                className="truncate py-0.5 pr-1 pl-2.5"
              >
                {view.name}
              </button>
              <button
                type="button"
                aria-label={`Delete the view ${view.name}`}
                title="Delete this view"
                onClick={() =>
                  remove.mutate(view, {
                    onSuccess: () => {
                      setDeleted(view);
                      if (openedId === view.id) setOpenedId(null);
                    },
                  })
                }
                className="rounded-full py-0.5 pr-1.5 pl-0.5 opacity-60 hover:opacity-100"
              >
                <X className="size-3" aria-hidden />
              </button>
            </span>
          );
        })}
        {isChanged && opened ? (
          <Button
            variant="secondary"
            className="px-2.5 py-0.5 text-xs"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: opened.id, query })}
          >
            <Save className="size-3.5" aria-hidden />
            Save changes to “{opened.name}”
          </Button>
        ) : null}
        {name === null ? (
          active ? null : (
            <Button variant="secondary" size="sm" onClick={() => setName("")}>
              <BookmarkPlus className="size-3.5" aria-hidden />
              Save view…
            </Button>
          )
        ) : (
          <form onSubmit={save} aria-label="Save the view" className="flex items-center gap-1.5">
            <Input
              autoFocus
              aria-label="View name"
              placeholder="Name, e.g. High, mine"
              maxLength={SAVED_VIEW_NAME_MAX}
              value={name}
              onChange={(event) => {
                create.reset();
                setName(event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key === "Escape") setName(null);
              }}
              className="w-48 py-1 text-xs"
            />
            <Button type="submit" size="sm" disabled={!name.trim() || create.isPending}>
              Save
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setName(null)}>
              Cancel
            </Button>
          </form>
        )}
      </div>
      {deleted ? (
        <p role="status" className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          Deleted the view “{deleted.name}”.{" "}
          <button
            type="button"
            className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
            onClick={() =>
              create.mutate({ name: deleted.name, query: deleted.query }, { onSuccess: () => setDeleted(null) })
            }
          >
            Undo
          </button>
        </p>
      ) : null}
      {clash ? (
        <p role="alert" className="mt-2 text-xs text-amber-800 dark:text-amber-300">
          You already have a view named “{clash.name}”.{" "}
          <button
            type="button"
            className="font-medium underline"
            onClick={() =>
              update.mutate(
                { id: clash.id, query },
                {
                  onSuccess: () => {
                    create.reset();
                    setName(null);
                    setOpenedId(clash.id);
                  },
                },
              )
            }
          >
            Replace it with these filters
          </button>
        </p>
      ) : (
        <div className="mt-2 empty:hidden">
          <FormError
            message={create.error ? errorMessage(create.error) : update.error ? errorMessage(update.error) : null}
          />
          <FormError message={remove.error ? errorMessage(remove.error) : null} />
        </div>
      )}
    </section>
  );
}
