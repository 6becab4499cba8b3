import { describe, expect, it } from "vitest";
import { withChange } from "@/components/signals/optimistic";
import { describeBulkResult } from "@/components/signals/use-list-triage";
import type { SignalAssignee } from "@/lib/signals/types";

// What the page shows before the server answers: the change applied as the server would apply it.

const me: SignalAssignee = { id: "11111111-1111-4111-8111-111111111111", name: "Ada", email: "ada@example.test" };
const grace: SignalAssignee = { id: "22222222-2222-4222-8222-222222222222", name: "Grace", email: "g@example.test" };
const open = { status: "open" as const, archiveReason: null, assignee: null };

describe("withChange", () => {
  it("archives with the reason, and a status other than archived clears the reason", () => {
    const archived = withChange(open, { status: "archived", archiveReason: "remediated", comment: "done" }, [me]);
    expect(archived).toEqual({ status: "archived", archiveReason: "remediated", assignee: null });
    expect(withChange(archived, { status: "open" }, [me])).toEqual(open);
  });

  it("names the new assignee from the people it knows, and unassigns with null", () => {
    const mine = withChange(open, { assigneeId: grace.id }, [me, grace]);
    expect(mine.assignee).toEqual(grace);
    expect(withChange(mine, { assigneeId: null }, [me, grace]).assignee).toBeNull();
  });

  it("keeps what the change does not touch, including an assignee it cannot name", () => {
    const assigned = { ...open, assignee: me };
    expect(withChange(assigned, { comment: "only a comment" }, [])).toEqual(assigned);
    expect(withChange(assigned, { assigneeId: grace.id }, [me]).assignee).toEqual(me);
  });
});

describe("describeBulkResult", () => {
  it("says what changed, what already was so, and what is gone", () => {
    expect(describeBulkResult({ matched: 3, changed: 3, unchanged: 0, skipped: [] })).toBe("3 changed.");
    expect(describeBulkResult({ matched: 1200, changed: 1000, unchanged: 200, skipped: ["a", "b"] })).toBe(
      "1,000 changed, 200 already so, 2 no longer in the list (merged or retired).",
    );
  });
});
