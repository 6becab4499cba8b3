import { z } from "zod";
import { DEFAULT_PLAYBOOK } from "@/lib/detection/playbook-text";
import { Severity } from "@/lib/generated/prisma/enums";

// A rule version's configuration: what it matches, how matches group into signals, and what a signal
// says. Stored as JSON in rule_versions.config and validated with this schema on the way in and out,
// so a stored version that no longer parses is caught rather than half-used.

const name = z.string().trim().min(1).max(128);
const source = z
  .string()
  .trim()
  .regex(/^[a-z0-9.-]+\.amazonaws\.com$/, "must be an AWS service host, such as bedrock.amazonaws.com");

export const ruleConfigShape = {
  enabled: z.boolean(),
  severity: z.enum(Severity),
  /** The original rule's four names, matched on any of `seedSources`. */
  seedNames: z.array(name).max(100),
  seedSources: z.array(source).max(20),
  /** Bedrock-native discovery calls, matched on `bedrockSource` only. */
  bedrockNames: z.array(name).max(100),
  bedrockSource: source,
  errorCodes: z.array(name).min(1, "name at least one denial error code").max(20),
  keepAliveMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  maxDurationHours: z
    .number()
    .int()
    .min(1)
    .max(7 * 24),
  playbook: z.object({
    title: z.string().trim().min(1).max(300),
    message: z.string().trim().min(1).max(20_000),
  }),
};

const windowsInOrder = (config: { keepAliveMinutes: number; maxDurationHours: number }) =>
  config.keepAliveMinutes <= config.maxDurationHours * 60;
const windowsIssue = {
  message: "the keep-alive cannot be longer than the maximum duration",
  path: ["keepAliveMinutes"],
};
const hasNames = (config: { seedNames: string[]; bedrockNames: string[] }) =>
  config.seedNames.length + config.bedrockNames.length > 0;
const namesIssue = { message: "name at least one event", path: ["seedNames"] };

export const ruleConfigSchema = z
  .object(ruleConfigShape)
  .refine(windowsInOrder, windowsIssue)
  .refine(hasNames, namesIssue);
export type RuleConfig = z.infer<typeof ruleConfigSchema>;

/** A change to some of the configuration; the rest stays as the current version has it. */
export const ruleConfigPatchSchema = z.object(ruleConfigShape).partial().strict();
export type RuleConfigPatch = z.infer<typeof ruleConfigPatchSchema>;

export const ruleUpdateSchema = ruleConfigPatchSchema
  .extend({
    comment: z.string().trim().max(1000).optional(),
    /** The version the change was made from: a newer current version means someone else saved first. */
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).some((key) => key !== "comment" && key !== "version"), {
    message: "change at least one setting",
  });
export type RuleUpdate = z.infer<typeof ruleUpdateSchema>;

/** The current configuration with a change applied, validated as a whole (e.g. the windows stay in order). */
export function applyConfigPatch(current: RuleConfig, patch: RuleConfigPatch): RuleConfig {
  const merged = { ...current, ...patch };
  const result = ruleConfigSchema.safeParse(merged);
  if (!result.success) {
    const message = result.error.issues
      .map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`)
      .join("; ");
    throw new RuleConfigError(message);
  }
  return result.data;
}

export class RuleConfigError extends Error {}

/** The settings that differ between two versions, in words, for the version history. */
export function describeConfigChanges(before: RuleConfig, after: RuleConfig): string[] {
  const changes: string[] = [];
  const list = (values: string[]) => (values.length ? values.join(", ") : "none");
  const listChange = (label: string, a: string[], b: string[]) => {
    const added = b.filter((value) => !a.includes(value));
    const removed = a.filter((value) => !b.includes(value));
    if (added.length) changes.push(`${label}: added ${list(added)}`);
    if (removed.length) changes.push(`${label}: removed ${list(removed)}`);
  };
  if (before.enabled !== after.enabled) changes.push(after.enabled ? "enabled" : "disabled");
  if (before.severity !== after.severity) changes.push(`severity ${before.severity} → ${after.severity}`);
  listChange("seed names", before.seedNames, after.seedNames);
  listChange("seed sources", before.seedSources, after.seedSources);
  listChange("Bedrock names", before.bedrockNames, after.bedrockNames);
  if (before.bedrockSource !== after.bedrockSource) changes.push(`Bedrock source → ${after.bedrockSource}`);
  listChange("error codes", before.errorCodes, after.errorCodes);
  if (before.keepAliveMinutes !== after.keepAliveMinutes) {
    changes.push(`keep-alive ${before.keepAliveMinutes} → ${after.keepAliveMinutes} min`);
  }
  if (before.maxDurationHours !== after.maxDurationHours) {
    changes.push(`maximum duration ${before.maxDurationHours} → ${after.maxDurationHours} h`);
  }
  if (before.playbook.title !== after.playbook.title) changes.push("playbook title");
  if (before.playbook.message !== after.playbook.message) changes.push("playbook message");
  return changes;
}

export const defaultBedrockRuleConfig: RuleConfig = {
  enabled: true,
  severity: "medium",
  seedNames: ["ListModels", "DescribeModel", "ListTrainingJobs", "DescribeTrainingJob"],
  seedSources: ["sagemaker.amazonaws.com", "bedrock-mantle.amazonaws.com", "bedrock.amazonaws.com"],
  bedrockNames: [
    "ListFoundationModels",
    "GetFoundationModel",
    "ListCustomModels",
    "GetCustomModel",
    "ListModelCustomizationJobs",
    "GetModelCustomizationJob",
  ],
  bedrockSource: "bedrock.amazonaws.com",
  errorCodes: ["AccessDenied", "AccessDeniedException"],
  keepAliveMinutes: 60,
  maxDurationHours: 24,
  playbook: DEFAULT_PLAYBOOK,
};

/** Only what decides whether an event matches; a change elsewhere leaves every match as it was. */
export function matchingPart(config: RuleConfig) {
  return {
    seedNames: config.seedNames,
    seedSources: config.seedSources,
    bedrockNames: config.bedrockNames,
    bedrockSource: config.bedrockSource,
    errorCodes: config.errorCodes,
  };
}
