"use client";

import { Check, Copy } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { Button } from "@/components/ui/form";

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty-printed JSON with keys, strings and literals told apart by colour. React escapes every piece. */
function highlight(json: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of json.matchAll(TOKEN)) {
    const [text, string, colon, literal] = match;
    if (match.index > last) nodes.push(json.slice(last, match.index));
    const colour = colon
      ? "text-indigo-700 dark:text-indigo-300"
      : string
        ? "text-emerald-700 dark:text-emerald-300"
        : literal
          ? "text-violet-700 dark:text-violet-300"
          : "text-amber-700 dark:text-amber-300";
    nodes.push(
      <span key={match.index} className={colour}>
        {colon ? string : text}
      </span>,
    );
    if (colon) nodes.push(colon);
    last = match.index + text.length;
  }
  nodes.push(json.slice(last));
  return nodes;
}

/** Clipboard API where the page is a secure context (https, localhost); a hidden textarea elsewhere. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const isCopied = document.execCommand("copy");
  area.remove();
  if (!isCopied) throw new Error("copy refused");
}

/**
 * The stored event, pretty-printed. `text` is set instead when the server could not show it as a tree
 * (nested too deep, or not JSON): then it is shown as stored, without colours, and never re-parsed here.
 */
export function RawJson({ value, text = null }: { value: unknown; text?: string | null }) {
  const json = text ?? JSON.stringify(value, null, 2) ?? "null";
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (copyState === "idle") return;
    const timer = setTimeout(() => setCopyState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [copyState]);

  return (
    <section aria-labelledby="raw-event-heading">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id="raw-event-heading" className="font-semibold text-sm">
          Raw event
        </h3>
        <Button
          variant="secondary"
          className="px-2.5 py-1 text-xs"
          onClick={() =>
            copyText(json).then(
              () => setCopyState("copied"),
              () => setCopyState("failed"),
            )
          }
        >
          {copyState === "copied" ? (
            <Check className="size-3.5 text-emerald-600" aria-hidden />
          ) : (
            <Copy className="size-3.5" aria-hidden />
          )}
          {copyState === "copied" ? "Copied" : copyState === "failed" ? "Copy failed" : "Copy JSON"}
        </Button>
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
        tabIndex={0}
        className={`overflow-auto rounded-lg border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950${
          // Stored text is one long line: wrapped, and held to a height, it can be read without scrolling sideways.
          text === null ? "" : " max-h-[32rem] whitespace-pre-wrap break-all"
        }`}
      >
        <code>{text === null ? highlight(json) : text}</code>
      </pre>
      {text !== null ? (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Shown as stored: this record nests too deep to show as a tree.
        </p>
      ) : null}
    </section>
  );
}
