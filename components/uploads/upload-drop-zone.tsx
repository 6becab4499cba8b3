"use client";

import { clsx } from "clsx";
import { FilePlus, FolderUp, UploadCloud } from "lucide-react";
import { type ChangeEvent, useRef } from "react";
import { useDropzone } from "react-dropzone";
import { Button } from "@/components/ui/form";
import { dropLabel } from "@/components/uploads/format";
import { isOsClutter } from "@/components/uploads/send-batches";

const FORMATS =
  "S3 .json/.json.gz, console CSV/JSON, lookup-events, CloudTrail Lake, JSON Lines, EventBridge/CloudWatch Logs, and .zip/.tar/.tar.gz/.gz of any of these.";

/**
 * Where exports come in: dropped files and folders (react-dropzone walks folders), the file dialog, or a
 * folder dialog. Any file is taken: the server recognises the format from the content and reports what
 * it could not read, so only OS clutter (.DS_Store) is left out here.
 */
export function UploadDropZone({ onFiles }: { onFiles: (files: File[], label: string) => void }) {
  const folderInput = useRef<HTMLInputElement>(null);

  const take = (files: File[]) => {
    const wanted = files.filter((file) => !isOsClutter(file));
    if (wanted.length > 0) onFiles(wanted, dropLabel(wanted));
  };

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (files, _rejected, event) => {
      take(files);
      // Choosing the same file again (after a cancel, say) must count as a change.
      if (event && "target" in event && event.target instanceof HTMLInputElement) event.target.value = "";
    },
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });

  const onFolderChosen = (event: ChangeEvent<HTMLInputElement>) => {
    take(Array.from(event.target.files ?? []));
    // The same folder may be chosen again later.
    event.target.value = "";
  };

  return (
    <>
      <section
        {...getRootProps({
          role: "region",
          "aria-label": "Upload CloudTrail exports",
          "aria-describedby": "upload-formats",
          // A click on the zone's free space opens the file dialog too; the buttons do their own thing.
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest("button")) open();
          },
        })}
        className={clsx(
          "mb-6 flex cursor-pointer flex-wrap items-center gap-x-5 gap-y-4 rounded-xl border-2 border-dashed px-5 py-5 transition-colors",
          isDragActive
            ? "border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-500/10"
            : "border-zinc-300 bg-white hover:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-indigo-500/70",
        )}
      >
        <input {...getInputProps()} />
        <span className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
          <UploadCloud className="size-6" aria-hidden />
        </span>
        <div className="min-w-72 flex-1">
          <h2 className="font-semibold text-base">
            {isDragActive ? "Drop to upload" : "Drop CloudTrail exports or whole folders here"}
          </h2>
          <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            A folder goes as one upload, however many files it holds: an S3 prefix download with thousands of small
            .json.gz files in nested folders works.
          </p>
          <p id="upload-formats" className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            Recognised from the content, whatever the name: {FORMATS}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button onClick={open} className="py-1.5">
            <FilePlus className="size-4" aria-hidden />
            Choose files
          </Button>
          <Button variant="secondary" onClick={() => folderInput.current?.click()} className="py-1.5">
            <FolderUp className="size-4" aria-hidden />
            Choose a folder
          </Button>
        </div>
      </section>
      {/* Outside the zone, so the zone holds exactly one file input. */}
      <input
        ref={(node) => {
          folderInput.current = node;
          // Not a React prop: React would drop it.
          node?.setAttribute("webkitdirectory", "");
        }}
        type="file"
        multiple
        hidden
        aria-label="Choose a folder to upload"
        onChange={onFolderChosen}
      />
    </>
  );
}
