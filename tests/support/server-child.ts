import type { Actor } from "@/lib/auth/access";
import { bulkUpdateSignals } from "@/lib/server/signal-triage";
import { createSuppression, updateSuppression } from "@/lib/server/suppressions";
import { signalBulkSchema } from "@/lib/signals/triage";
import { suppressionDraftSchema, suppressionPatchSchema } from "@/lib/suppressions/schema";

// One change as the web server makes it, through the same lib/server function its route calls, in a process
// of its own so a test can SIGKILL it mid-change: a suppression saved (committed with the groups it
// touches, which this process then regroups one by one) or a bulk triage change. Prints "done" at the end.
// Run with --conditions=react-server (the server modules import "server-only").
//
//   DATABASE_URL=postgres://… TT_ACTOR='{…}' TT_CALL='{"createSuppression":{…}}' \
//     node --conditions=react-server --import tsx tests/support/server-child.ts
//
// TT_CALL is one of {"createSuppression": draft}, {"updateSuppression": {id, patch}}, {"bulkTriage": change}.

const actor = JSON.parse(process.env.TT_ACTOR ?? "null") as Actor;
const call = JSON.parse(process.env.TT_CALL ?? "null") as {
  createSuppression?: unknown;
  updateSuppression?: { id: string; patch: unknown };
  bulkTriage?: unknown;
};
if (!actor || !call) throw new Error("TT_ACTOR and TT_CALL are required");

const context = { actor, ip: "127.0.0.1" };
if (call.createSuppression) {
  await createSuppression(suppressionDraftSchema.parse(call.createSuppression), context);
} else if (call.updateSuppression) {
  const { id, patch } = call.updateSuppression;
  await updateSuppression(id, suppressionPatchSchema.parse(patch), context);
} else if (call.bulkTriage) {
  await bulkUpdateSignals({ change: signalBulkSchema.parse(call.bulkTriage), actor });
} else throw new Error(`unknown TT_CALL: ${JSON.stringify(call)}`);
process.stdout.write("done\n");
process.exit(0);
