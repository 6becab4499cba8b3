import { type APIRequestContext, expect, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";
import { createActiveUser, sameOrigin, signIn } from "./support";

// Triage on the signal page: assign to yourself, comment, archive with a reason and a comment, see it in
// the history, reopen; a second analyst's stale change is refused and says so; a viewer gets no controls.

async function plantSignal(request: APIRequestContext, name: string) {
  const prefix = uniquePrefix();
  const arn = `arn:aws:iam::${ACCOUNT}:user/e2e-triage/${name}-${prefix}`;
  const start = new Date("2026-02-10T10:00:00Z");
  await plantEvents(request, `triage-${prefix}.json`, [
    denialBy(prefix, 0, { time: start, arn }),
    denialBy(prefix, 1, { time: minutes(start, 3), arn, eventName: "GetFoundationModel" }),
  ]);
  const page = await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json();
  expect(page.total).toBe(1);
  return page.data[0].id as string;
}

test("an analyst assigns, comments, archives with a reason, sees the history, and reopens", async ({
  page,
  request,
}) => {
  const id = await plantSignal(request, "triaged");
  await page.goto(`/signals/${id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toContainText("Status open");

  await triage.getByRole("button", { name: "Assign to me" }).click();
  await expect(triage).toContainText("assigned to Ada Admin");
  await expect(triage.getByRole("button", { name: "Unassign" })).toBeVisible();

  await triage.getByLabel("Add a comment").fill("Asked **Ana**: not her key.");
  await triage.getByRole("button", { name: "Comment" }).click();
  const history = page.getByRole("list", { name: "Signal history" });
  await expect(history.locator("[data-kind=commented]")).toContainText("Asked Ana: not her key.");
  await expect(history.locator("[data-kind=commented] strong")).toHaveText("Ana");

  await triage.getByRole("button", { name: "Archive…" }).click();
  const archive = triage.getByRole("form", { name: "Archive the signal" });
  await expect(archive.getByRole("button", { name: "Archive", exact: true })).toBeDisabled();
  await archive.getByLabel("Reason").selectOption("testing_or_maintenance");
  await archive.getByLabel("Comment").fill("The platform team's new CI job.");
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(triage).toContainText("Status archived · Testing or maintenance");
  const archivedEntry = history.locator("[data-kind=status_changed]").last();
  await expect(archivedEntry).toContainText("Status open → archived (testing or maintenance).");
  await expect(archivedEntry).toContainText("The platform team's new CI job.");
  await expect(history.locator("[data-kind=assigned]")).toContainText("Assigned to Ada Admin.");

  await triage.getByRole("button", { name: "Reopen" }).click();
  await expect(triage).toContainText("Status open");
  await expect(history.locator("[data-kind=reopened]")).toContainText("Reopened.");
  // It all stuck: the server agrees after a reload.
  await page.reload();
  await expect(page.getByRole("region", { name: "Triage" })).toContainText("Status open · assigned to Ada Admin");
  const kinds = page.getByRole("list", { name: "Signal history" }).getByRole("listitem");
  await expect(kinds).toHaveCount(5);
  expect(await kinds.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).toEqual([
    "created",
    "assigned",
    "commented",
    "status_changed",
    "reopened",
  ]);
});

test("a change made from a stale page is refused with a way to reload, and nothing is overwritten", async ({
  page,
  request,
}) => {
  const id = await plantSignal(request, "contested");
  await page.goto(`/signals/${id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toContainText("Status open");
  // Another analyst moves it first.
  const other = await request.patch(`/api/v1/signals/${id}`, {
    headers: sameOrigin,
    data: { status: "under_review", version: 1 },
  });
  expect(other.status()).toBe(200);

  await triage.getByRole("button", { name: "Assign to me" }).click();
  await expect(triage.getByRole("alert")).toContainText("Someone else changed this signal");
  await expect(triage).toContainText("assigned to nobody"); // rolled back
  await triage.getByRole("button", { name: "Reload it" }).click();
  await expect(triage).toContainText("Status under review");
  const saved = await (await request.get(`/api/v1/signals/${id}`)).json();
  expect([saved.status, saved.assignee, saved.version]).toEqual(["under_review", null, 2]);
});

test("a viewer sees the triage state but no controls", async ({ browser, request }) => {
  const id = await plantSignal(request, "viewed");
  const viewer = await createActiveUser("viewer", "triage-viewer");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(context.request, viewer.email, viewer.password);
  const page = await context.newPage();
  await page.goto(`/signals/${id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toContainText("Status open");
  await expect(triage.getByRole("button")).toHaveCount(0);
  const refused = await context.request.patch(`/api/v1/signals/${id}`, {
    headers: sameOrigin,
    data: { status: "under_review", version: 1 },
  });
  expect(refused.status()).toBe(403);
  await context.close();
});
