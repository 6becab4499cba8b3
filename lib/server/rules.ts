import "server-only";
import { type AuditActor, recordAudit } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { builtInRule, builtInRules } from "@/lib/detection/catalog";
import { BATCH_LOCK } from "@/lib/detection/engine/batch-lock";
import { previewRule } from "@/lib/detection/engine/preview";
import { ensureBuiltInRules, parseStoredConfig } from "@/lib/detection/engine/rules-store";
import {
  applyConfigPatch,
  describeConfigChanges,
  RuleConfigError,
  type RuleConfigPatch,
  type RuleUpdate,
} from "@/lib/detection/rule-config";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueRuleEvaluation, getQueue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import type { RuleDetail, RulePreview, RuleSummary, RuleVersionItem } from "@/lib/rules/types";

// Reading and changing rules. A change never edits a version: it writes the next one, points the rule
// at it, and queues a re-evaluation of the stored events (lib/detection/engine/reevaluate.ts); the
// worker also picks up any rule left unevaluated, so a lost job only delays it.

function databaseUrl(): string {
  if (!env.DATABASE_URL) throw new AppError("UNAVAILABLE", "The database is not configured.");
  return env.DATABASE_URL;
}

let ensured: Promise<void> | null = null;
/** The built-in rules exist once the worker has started; this covers a server that starts first. */
function ensureRules(): Promise<void> {
  ensured ??= ensureBuiltInRules(getPool(databaseUrl())).catch((error) => {
    ensured = null;
    throw error;
  });
  return ensured;
}

async function summaries(ids?: string[]): Promise<RuleSummary[]> {
  await ensureRules();
  const db = getDb();
  const rules = await db.rule.findMany({
    where: { id: ids ? { in: ids } : { in: builtInRules.map((rule) => rule.id) } },
    include: { versions: { select: { id: true, version: true, config: true } } },
    orderBy: { name: "asc" },
  });
  const [statusCounts, severityCounts] = await Promise.all([
    db.signal.groupBy({ by: ["ruleId", "status"], where: { mergedIntoId: null, retiredAt: null }, _count: true }),
    db.signal.groupBy({ by: ["ruleId", "severity"], where: { mergedIntoId: null, retiredAt: null }, _count: true }),
  ]);
  const out: RuleSummary[] = [];
  for (const row of rules) {
    const code = builtInRule(row.id);
    const current = row.versions.find((version) => version.version === row.currentVersion);
    if (!code || !current) continue;
    const config = parseStoredConfig(current.id, current.config);
    const counts = {
      open: 0,
      under_review: 0,
      archived: 0,
      total: 0,
      bySeverity: {} as RuleSummary["signalCounts"]["bySeverity"],
    };
    for (const entry of statusCounts.filter((item) => item.ruleId === row.id)) {
      counts[entry.status] = entry._count;
      counts.total += entry._count;
    }
    for (const entry of severityCounts.filter((item) => item.ruleId === row.id))
      counts.bySeverity[entry.severity] = entry._count;
    out.push({
      id: row.id,
      originId: row.originId,
      name: row.name,
      description: row.description,
      tactic: code.tactic,
      technique: code.technique,
      enabled: config.enabled,
      severity: config.severity,
      currentVersion: row.currentVersion,
      evaluatedVersion: row.evaluatedVersion,
      isEvaluating: row.evaluatedVersion !== row.currentVersion,
      lastEvaluatedAt: row.lastEvaluatedAt?.toISOString() ?? null,
      query: code.describe(config),
      config,
      signalCounts: counts,
      matchCount: await db.ruleMatch.count({ where: { ruleVersionId: current.id } }),
    });
  }
  return out;
}

export function listRules(): Promise<RuleSummary[]> {
  return summaries();
}

/** A rule's name, for a page that names the rule it filters by; null for an unknown id. */
export async function getRuleName(id: string): Promise<string | null> {
  const rule = await getDb().rule.findUnique({ where: { id }, select: { name: true } });
  return rule?.name ?? null;
}

export async function getRule(id: string): Promise<RuleDetail | null> {
  if (!builtInRule(id)) return null;
  const [summary] = await summaries([id]);
  if (!summary) return null;
  const versions = await getDb().ruleVersion.findMany({
    where: { ruleId: id },
    include: { createdBy: { select: { id: true, name: true } } },
    orderBy: { version: "desc" },
  });
  const configs = versions.map((version) => parseStoredConfig(version.id, version.config));
  const items: RuleVersionItem[] = versions.map((version, index) => {
    const older = configs[index + 1];
    const config = configs[index] as (typeof configs)[number];
    return {
      version: version.version,
      config,
      comment: version.comment,
      createdAt: version.createdAt.toISOString(),
      createdBy: version.createdBy,
      changes: older ? describeConfigChanges(older, config) : ["first version"],
    };
  });
  return { ...summary, versions: items };
}

function applyOrExplain(current: Parameters<typeof applyConfigPatch>[0], patch: RuleConfigPatch) {
  try {
    return applyConfigPatch(current, patch);
  } catch (error) {
    if (error instanceof RuleConfigError)
      throw new AppError("INVALID_INPUT", `Invalid configuration: ${error.message}`);
    throw error;
  }
}

export async function updateRule(options: {
  id: string;
  update: RuleUpdate;
  actor: AuditActor;
  userId: string | null;
  ip: string | null;
}): Promise<RuleDetail> {
  if (!builtInRule(options.id)) throw new AppError("NOT_FOUND", `No rule ${options.id}.`);
  await ensureRules();
  const { comment, version: expected, ...patch } = options.update;
  const db = getDb();
  const saved = await db.$transaction(async (tx) => {
    // Batches being matched under the current version commit first; later ones see the new version
    // (lib/detection/engine/batch-lock.ts). The row lock orders concurrent changes to the rule.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BATCH_LOCK}::bigint)`;
    const locked = await tx.$queryRaw<{ current_version: number }[]>`
      SELECT current_version FROM rules WHERE id = ${options.id} FOR UPDATE`;
    const currentVersion = locked[0]?.current_version;
    if (currentVersion === undefined) throw new AppError("NOT_FOUND", `No rule ${options.id}.`);
    if (expected !== undefined && expected !== currentVersion) {
      throw new AppError(
        "CONFLICT",
        `The rule is at version ${currentVersion} now, not ${expected}: someone saved a change first. Reload and try again.`,
      );
    }
    const current = await tx.ruleVersion.findUniqueOrThrow({
      where: { ruleId_version: { ruleId: options.id, version: currentVersion } },
    });
    const before = parseStoredConfig(current.id, current.config);
    const after = applyOrExplain(before, patch);
    const changes = describeConfigChanges(before, after);
    if (changes.length === 0)
      throw new AppError("INVALID_INPUT", "Nothing changed: the configuration is already like this.");
    const next = currentVersion + 1;
    await tx.ruleVersion.create({
      data: { ruleId: options.id, version: next, config: after, comment: comment || null, createdById: options.userId },
    });
    await tx.rule.update({ where: { id: options.id }, data: { currentVersion: next, enabled: after.enabled } });
    await recordAudit(tx, {
      actor: options.actor,
      action: "rule.updated",
      target: { type: "rule", id: options.id },
      ip: options.ip,
      details: { version: next, changes, ...(comment ? { comment } : {}) },
    });
    return next;
  });
  try {
    await enqueueRuleEvaluation(await getQueue(databaseUrl()), options.id);
  } catch (error) {
    logger.warn(
      { err: error, rule: options.id, version: saved },
      "could not queue the re-evaluation; the worker will pick it up",
    );
  }
  return (await getRule(options.id)) as RuleDetail;
}

export async function previewRuleChange(options: { id: string; patch: RuleConfigPatch }): Promise<RulePreview> {
  const code = builtInRule(options.id);
  if (!code) throw new AppError("NOT_FOUND", `No rule ${options.id}.`);
  await ensureRules();
  const pool = getPool(databaseUrl());
  const { rows } = await pool.query<{ version_id: string; version: number; config: unknown }>(
    `SELECT v.id AS version_id, v.version, v.config FROM rules r
       JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version WHERE r.id = $1`,
    [options.id],
  );
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", `No rule ${options.id}.`);
  const config = parseStoredConfig(row.version_id, row.config);
  const proposed = applyOrExplain(config, options.patch);
  return previewRule(pool, { rule: code, versionId: row.version_id, version: row.version, config }, proposed);
}
