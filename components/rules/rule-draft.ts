import type { RuleConfig, RuleConfigPatch } from "@/lib/detection/rule-config";
import type { Severity } from "@/lib/generated/prisma/enums";

// The edit form's state: the configuration as the inputs hold it (text), and the change it makes to the
// version it started from, as the PATCH and preview endpoints take it (only what differs).

export interface RuleDraft {
  enabled: boolean;
  severity: Severity;
  seedNames: string;
  seedSources: string;
  bedrockNames: string;
  bedrockSource: string;
  errorCodes: string;
  keepAliveMinutes: string;
  maxDurationHours: string;
  playbookTitle: string;
  playbookMessage: string;
}

const listKeys = ["seedNames", "seedSources", "bedrockNames", "errorCodes"] as const;

export function toDraft(config: RuleConfig): RuleDraft {
  return {
    enabled: config.enabled,
    severity: config.severity,
    seedNames: config.seedNames.join("\n"),
    seedSources: config.seedSources.join("\n"),
    bedrockNames: config.bedrockNames.join("\n"),
    bedrockSource: config.bedrockSource,
    errorCodes: config.errorCodes.join("\n"),
    keepAliveMinutes: String(config.keepAliveMinutes),
    maxDurationHours: String(config.maxDurationHours),
    playbookTitle: config.playbook.title,
    playbookMessage: config.playbook.message,
  };
}

/** One value a line (commas and spaces also separate), blanks and repeats dropped. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

/** A whole number, or the text itself so the API's validation names the field and says what is wrong. */
function parseWhole(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export class DraftError extends Error {}

/** What the draft changes from `base`; reordering a list is not a change. Throws DraftError on a bad number. */
export function patchOf(base: RuleConfig, draft: RuleDraft): RuleConfigPatch {
  const patch: RuleConfigPatch = {};
  if (draft.enabled !== base.enabled) patch.enabled = draft.enabled;
  if (draft.severity !== base.severity) patch.severity = draft.severity;
  for (const key of listKeys) {
    const values = parseList(draft[key]);
    if (!sameSet(values, base[key])) patch[key] = values;
  }
  const source = draft.bedrockSource.trim();
  if (source !== base.bedrockSource) patch.bedrockSource = source;
  const keepAlive = parseWhole(draft.keepAliveMinutes);
  if (Number.isNaN(keepAlive)) throw new DraftError("Keep-alive: enter a whole number of minutes.");
  if (keepAlive !== base.keepAliveMinutes) patch.keepAliveMinutes = keepAlive;
  const maxDuration = parseWhole(draft.maxDurationHours);
  if (Number.isNaN(maxDuration)) throw new DraftError("Maximum duration: enter a whole number of hours.");
  if (maxDuration !== base.maxDurationHours) patch.maxDurationHours = maxDuration;
  const title = draft.playbookTitle.trim();
  const message = draft.playbookMessage.trim();
  // The playbook goes as a whole (the schema takes title and message together).
  if (title !== base.playbook.title || message !== base.playbook.message) patch.playbook = { title, message };
  return patch;
}

/** The patch, or the reason the draft cannot be sent yet. */
export function tryPatchOf(base: RuleConfig, draft: RuleDraft): { patch: RuleConfigPatch } | { error: string } {
  try {
    return { patch: patchOf(base, draft) };
  } catch (error) {
    if (error instanceof DraftError) return { error: error.message };
    throw error;
  }
}
