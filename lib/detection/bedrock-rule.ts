import type { CredentialClassification } from "@/lib/cloudtrail/credentials";
import { defaultBedrockRuleConfig, type matchingPart } from "@/lib/detection/rule-config";

// The rule "Amazon Bedrock discovery attempt by long term access key" (Datadog def-000-an8), as data and a
// pure predicate that says, for each of its three conditions, whether it held and why
// (../shared/DOMAIN.md §1).

export const BEDROCK_DISCOVERY_RULE_ID = "bedrock-discovery-long-term-key";
export const BEDROCK_DISCOVERY_ORIGIN_ID = "def-000-an8";

/** The part of a rule version's configuration that decides whether an event matches. */
export type BedrockRuleConfig = ReturnType<typeof matchingPart>;

export interface RuleInput {
  eventName: string;
  eventSource: string | null;
  errorCode: string | null;
  credential: CredentialClassification;
}

export interface ConditionResult {
  condition: "event" | "denial" | "credential";
  held: boolean;
  /** Why, in words an analyst can check against the event. */
  detail: string;
}

export interface RuleEvaluation {
  matched: boolean;
  conditions: ConditionResult[];
}

const LONG_TERM = new Set<CredentialClassification["type"]>(["long_term_key", "bedrock_api_key"]);

function eventCondition(input: RuleInput, config: BedrockRuleConfig): ConditionResult {
  const call = `${input.eventName} on ${input.eventSource ?? "an unknown source"}`;
  if (
    config.seedNames.includes(input.eventName) &&
    input.eventSource &&
    config.seedSources.includes(input.eventSource)
  ) {
    return { condition: "event", held: true, detail: `${call} is one of the rule's discovery calls` };
  }
  if (config.bedrockNames.includes(input.eventName) && input.eventSource === config.bedrockSource) {
    return { condition: "event", held: true, detail: `${call} is a Bedrock model discovery call` };
  }
  const known = config.seedNames.includes(input.eventName) || config.bedrockNames.includes(input.eventName);
  return {
    condition: "event",
    held: false,
    detail: known ? `${call}: the name is listed, but not for this source` : `${call} is not a discovery call`,
  };
}

function denialCondition(input: RuleInput, config: BedrockRuleConfig): ConditionResult {
  if (input.errorCode && config.errorCodes.includes(input.errorCode)) {
    return { condition: "denial", held: true, detail: `denied with ${input.errorCode}` };
  }
  return {
    condition: "denial",
    held: false,
    detail: input.errorCode ? `${input.errorCode} is not an access denial` : "the call succeeded (no errorCode)",
  };
}

function credentialCondition(input: RuleInput): ConditionResult {
  return {
    condition: "credential",
    held: LONG_TERM.has(input.credential.type),
    detail: input.credential.reason,
  };
}

export function evaluateBedrockRule(
  input: RuleInput,
  config: BedrockRuleConfig = defaultBedrockRuleConfig,
): RuleEvaluation {
  const conditions = [eventCondition(input, config), denialCondition(input, config), credentialCondition(input)];
  return { matched: conditions.every((result) => result.held), conditions };
}
