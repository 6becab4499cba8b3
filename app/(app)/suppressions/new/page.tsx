import type { Metadata } from "next";
import { z } from "zod";
import { type EditorStart, SuppressionEditor } from "@/components/suppressions/suppression-editor";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/access";
import { builtInRules } from "@/lib/detection/catalog";
import { requireUser } from "@/lib/server/current-user";
import { getSignal } from "@/lib/server/signals";
import type { SuppressionCondition } from "@/lib/suppressions/conditions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "New suppression" };

const text = z.string().trim().min(1).max(2048).optional().catch(undefined);
const searchSchema = z.object({
  signal: z.uuid().optional().catch(undefined),
  /** Several signals (the Signals page's selection), comma-separated. */
  signals: z
    .string()
    .max(100 * 37)
    .transform((value) =>
      value
        .split(",")
        .filter((id) => z.uuid().safeParse(id).success)
        .slice(0, 100),
    )
    .optional()
    .catch(undefined),
  principal: text,
  ip: text,
  accessKeyId: text,
});

/**
 * A new suppression, started from a signal (`?signal=`: its principal, and its addresses and keys offered
 * as ticks) or from an investigation view (`?principal=`, `?ip=`, `?accessKeyId=`).
 */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireUser();
  if (!hasRole(user.role, "analyst")) {
    return (
      <>
        <PageHeader title="New suppression" />
        <Forbidden neededRole="analyst" />
      </>
    );
  }
  const raw = await searchParams;
  const search = searchSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, [value].flat()[0]])),
  );
  const ids = search.signal ? [search.signal] : (search.signals ?? []);
  const signals = (await Promise.all(ids.map((id) => getSignal(id)))).filter((found) => found !== null);
  const signal = signals[0] ?? null;
  const unique = (values: (string | null | undefined)[]) =>
    [...new Set(values.filter((value): value is string => !!value))].sort();
  const conditions: SuppressionCondition[] = [];
  const optional: EditorStart["optional"] = [];
  const principals = signal ? unique(signals.map((found) => found.principalArn)) : unique([search.principal]);
  const principal = principals[0];
  if (principal) conditions.push({ field: "principalArn", operator: "equals", values: principals });
  const ips = signal ? unique(signals.flatMap((found) => found.sourceIps)) : unique([search.ip]);
  const keys = signal ? unique(signals.flatMap((found) => found.accessKeyIds)) : unique([search.accessKeyId]);
  if (ips.length > 0) {
    const condition: SuppressionCondition = { field: "sourceIp", operator: "equals", values: ips };
    if (principal) optional.push({ label: `and only from ${ips.join(", ")}`, condition });
    else conditions.push(condition);
  }
  if (keys.length > 0) {
    const condition: SuppressionCondition = { field: "accessKeyId", operator: "equals", values: keys };
    if (principal || ips.length > 0) optional.push({ label: `and only with the key ${keys.join(", ")}`, condition });
    else conditions.push(condition);
  }
  if (conditions.length === 0) conditions.push({ field: "principalArn", operator: "glob", values: [] });
  const who = principal ?? ips[0] ?? keys[0];
  const start: EditorStart = {
    name: who ? `Expected activity: ${who.split(/[:/]/).at(-1)}` : "",
    reason: "",
    conditions,
    optional,
    // From a signal, the suppression reaches back over its events.
    ...(signal ? { startsAt: signals.map((found) => found.firstSeen).sort()[0] as string } : {}),
    ruleIds: null,
  };
  return (
    <>
      <PageHeader
        title="New suppression"
        description={
          signals.length > 1
            ? `Started from ${signals.length} signals: the preview shows what it would hide.`
            : signal
              ? `Started from the signal on ${signal.principalArn ?? signal.groupKey}: the preview shows what it would hide.`
              : "Conditions on the matched events, a window and a reason. The preview shows what it would hide before you save."
        }
      />
      <SuppressionEditor
        start={start}
        rules={builtInRules.map((rule) => ({ id: rule.id, name: rule.name }))}
        isAdmin={hasRole(user.role, "admin")}
      />
    </>
  );
}
