import { Field, Input } from "@/components/ui/form";

/**
 * A filter bar's from/to pair (UTC, `to` inclusive, see use-filter-draft.ts): typed into the draft and
 * applied when a field loses focus. Two grid cells of the bar's 12 columns.
 */
export function TimeRangeFields({
  draft,
  edit,
  applyDraft,
  fromLabel,
  toLabel,
}: {
  draft: { from: string; to: string };
  edit: (key: "from" | "to", value: string) => void;
  applyDraft: () => void;
  fromLabel: string;
  toLabel: string;
}) {
  return (
    <>
      {(["from", "to"] as const).map((key) => (
        <div key={key} className="col-span-3">
          <Field label={key === "from" ? fromLabel : toLabel}>
            <Input
              type="datetime-local"
              value={draft[key]}
              onChange={(event) => edit(key, event.target.value)}
              onBlur={() => applyDraft()}
            />
          </Field>
        </div>
      ))}
    </>
  );
}
