import type { NormalizedEvent } from "@/lib/cloudtrail/normalize";
import {
  BEDROCK_DISCOVERY_ORIGIN_ID,
  BEDROCK_DISCOVERY_RULE_ID,
  evaluateBedrockRule,
  type RuleEvaluation,
} from "@/lib/detection/bedrock-rule";
import { defaultBedrockRuleConfig, type RuleConfig } from "@/lib/detection/rule-config";
import type { CredentialType } from "@/lib/generated/prisma/enums";

// The rules the product ships, as code: what they are for, how they classify, and the configuration
// their first stored version starts from. Each later change is a stored version (rule_versions).

export interface MitreReference {
  id: string;
  name: string;
  url: string;
}

export interface BuiltInRule {
  id: string;
  originId: string;
  name: string;
  description: string;
  tactic: MitreReference;
  technique: MitreReference;
  defaultConfig: RuleConfig;
  evaluate(
    event: Pick<NormalizedEvent, "eventName" | "eventSource" | "errorCode" | "credential">,
    config: RuleConfig,
  ): RuleEvaluation;
  /** The query in words, for the Rules page. */
  describe(config: RuleConfig): string[];
  /**
   * A superset of the stored events that can match, in indexed columns: re-evaluation reads only these
   * and runs `evaluate` on each, so the SQL never decides a match by itself.
   */
  candidates(config: RuleConfig): { eventNames: string[]; errorCodes: string[]; credentialTypes: CredentialType[] };
}

const list = (values: readonly string[]) => values.join(", ");

export const bedrockDiscoveryRule: BuiltInRule = {
  id: BEDROCK_DISCOVERY_RULE_ID,
  originId: BEDROCK_DISCOVERY_ORIGIN_ID,
  name: "Amazon Bedrock discovery attempt by long-term access key",
  description:
    "Someone used a long-term access key (an IAM user's or the root user's AKIA… key, or a Bedrock API key) to list or describe machine-learning models and training jobs, and AWS denied it. That is how a leaked key is often first used: to map which models exist, and then the data behind them.",
  tactic: { id: "TA0007", name: "Discovery", url: "https://attack.mitre.org/tactics/TA0007/" },
  technique: { id: "T1526", name: "Cloud Service Discovery", url: "https://attack.mitre.org/techniques/T1526/" },
  defaultConfig: defaultBedrockRuleConfig,
  evaluate: (event, config) =>
    evaluateBedrockRule(
      {
        eventName: event.eventName,
        eventSource: event.eventSource,
        errorCode: event.errorCode,
        credential: event.credential,
      },
      config,
    ),
  describe: (config) =>
    [
      config.seedNames.length > 0
        ? `eventName is one of ${list(config.seedNames)}, on ${list(config.seedSources)}`
        : "",
      config.bedrockNames.length > 0
        ? `or eventName is one of ${list(config.bedrockNames)}, on ${config.bedrockSource}`
        : "",
      `and errorCode is ${list(config.errorCodes)}`,
      "and the credential is long-term: an AKIA… key of an IAMUser or Root identity (or of no stated identity), or a Bedrock API key; the identity type wins over the key prefix",
      `grouped by principal ARN (else access key, else user name): a signal ends after ${config.keepAliveMinutes} min without a match, or ${config.maxDurationHours} h after its first`,
    ].filter(Boolean),
  candidates: (config) => ({
    eventNames: [...new Set([...config.seedNames, ...config.bedrockNames])],
    errorCodes: config.errorCodes,
    credentialTypes: ["long_term_key", "bedrock_api_key"],
  }),
};

export const builtInRules: readonly BuiltInRule[] = [bedrockDiscoveryRule];

export function builtInRule(id: string): BuiltInRule | undefined {
  return builtInRules.find((rule) => rule.id === id);
}
