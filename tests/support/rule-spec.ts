// The rule's lists as issue 5 and DOMAIN.md §1 state them, written out here rather than imported from
// lib/detection, so the tests check the shipped configuration against the specification, not against itself.

export const SPEC_SEED_NAMES = ["ListModels", "DescribeModel", "ListTrainingJobs", "DescribeTrainingJob"];
export const SPEC_SEED_SOURCES = ["sagemaker.amazonaws.com", "bedrock-mantle.amazonaws.com", "bedrock.amazonaws.com"];
export const SPEC_BEDROCK_SOURCE = "bedrock.amazonaws.com";
export const SPEC_BEDROCK_NAMES = [
  "ListFoundationModels",
  "GetFoundationModel",
  "ListCustomModels",
  "GetCustomModel",
  "ListModelCustomizationJobs",
  "GetModelCustomizationJob",
];

/** Every (eventName, eventSource) pair the rule counts as a discovery call. */
export const SPEC_DISCOVERY_CALLS: [string, string][] = [
  ...SPEC_SEED_SOURCES.flatMap((source) => SPEC_SEED_NAMES.map((name) => [name, source] as [string, string])),
  ...SPEC_BEDROCK_NAMES.map((name) => [name, SPEC_BEDROCK_SOURCE] as [string, string]),
];
