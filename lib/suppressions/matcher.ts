import picomatch from "picomatch";
import { parseAddress } from "@/lib/ip/classify";
import { parseCidr, type SuppressionCondition, type SuppressionField } from "@/lib/suppressions/conditions";

// Whether a suppression covers a match: its window holds the event's time (startsAt ≤ time < expiresAt: a
// boundary on events, not on the clock, so a suppression that expired yesterday still covers what happened
// before), its scope holds the rule, and every condition holds. Case rules: lib/suppressions/conditions.ts.

/** What a suppression is tested against: a matched event's columns. */
export interface MatchFacts {
  time: Date;
  principalArn: string | null;
  accessKeyId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  eventName: string;
  awsRegion: string | null;
  accountId: string | null;
}

export interface SuppressionDefinition {
  id: string;
  name: string;
  version: number;
  allRules: boolean;
  ruleIds: string[];
  conditions: SuppressionCondition[];
  startsAt: Date;
  expiresAt: Date;
}

export interface CompiledSuppression {
  id: string;
  name: string;
  /** Whether it leaves out this rule's match of this event. */
  covers(ruleId: string, facts: MatchFacts): boolean;
}

type Test = (value: string) => boolean;

/** An address in one spelling; anything else (a service name) lower-cased. */
export function canonicalSource(value: string): string {
  const parsed = parseAddress(value.trim());
  return parsed ? parsed.address.toString() : value.trim().toLowerCase();
}

function compileCondition(condition: SuppressionCondition): Test {
  const { field, operator, values } = condition;
  if (operator === "glob") {
    return picomatch(values, { bash: true, dot: true, nocase: field === "userAgent" });
  }
  if (operator === "contains") {
    const needles = values.map((value) => value.toLowerCase());
    return (value) => {
      const hay = value.toLowerCase();
      return needles.some((needle) => hay.includes(needle));
    };
  }
  if (operator === "cidr") {
    const ranges = values.map((value) => parseCidr(value)).filter((range) => range !== null);
    return (value) => {
      const parsed = parseAddress(value.trim());
      if (!parsed) return false;
      const kind = parsed.address.kind();
      // ipaddr.js checks the kinds match; the kind test keeps it from throwing.
      return ranges.some((range) => range.kind === kind && parsed.address.match(range.range as never));
    };
  }
  if (field === "sourceIp") {
    const set = new Set(values.map(canonicalSource));
    return (value) => set.has(canonicalSource(value));
  }
  const set = new Set(values);
  return (value) => set.has(value);
}

const FACT: Record<SuppressionField, (facts: MatchFacts) => string | null> = {
  principalArn: (facts) => facts.principalArn,
  accessKeyId: (facts) => facts.accessKeyId,
  sourceIp: (facts) => facts.sourceIp,
  userAgent: (facts) => facts.userAgent,
  eventName: (facts) => facts.eventName,
  awsRegion: (facts) => facts.awsRegion,
  accountId: (facts) => facts.accountId,
};

export function compileSuppression(definition: SuppressionDefinition): CompiledSuppression {
  const tests = definition.conditions.map((condition) => ({
    read: FACT[condition.field],
    test: compileCondition(condition),
  }));
  const start = definition.startsAt.getTime();
  const end = definition.expiresAt.getTime();
  const rules = new Set(definition.ruleIds);
  return {
    id: definition.id,
    name: definition.name,
    covers(ruleId, facts) {
      const time = facts.time.getTime();
      if (time < start || time >= end) return false;
      if (!definition.allRules && !rules.has(ruleId)) return false;
      return tests.every(({ read, test }) => {
        const value = read(facts);
        return value !== null && test(value);
      });
    },
  };
}

const compiled = new Map<string, CompiledSuppression>();

/** Compiled once per saved version: regrouping asks for the same suppressions group after group. */
export function compiledSuppression(definition: SuppressionDefinition): CompiledSuppression {
  const key = `${definition.id}:${definition.version}`;
  let found = compiled.get(key);
  if (!found) {
    if (compiled.size > 10_000) compiled.clear();
    found = compileSuppression(definition);
    compiled.set(key, found);
  }
  return found;
}

/** The suppressions (ids, in the given order) that cover the match; empty when none does. */
export function coveringSuppressions(
  suppressions: readonly CompiledSuppression[],
  ruleId: string,
  facts: MatchFacts,
): string[] {
  const out: string[] = [];
  for (const suppression of suppressions) if (suppression.covers(ruleId, facts)) out.push(suppression.id);
  return out;
}
