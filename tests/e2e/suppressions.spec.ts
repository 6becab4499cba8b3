import { type APIRequestContext, expect, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";
import { createActiveUser, sameOrigin } from "./support";

// Silencing a noisy CI user from its signal: the editor opens prefilled with the preview already showing
// what it would hide; saving takes the signal out of the list and under Suppressed; disabling brings it
// back with its history. A viewer reads suppressions but gets no edit controls.

async function plantSignal(request: APIRequestContext, name: string) {
  const prefix = uniquePrefix();
  const arn = `arn:aws:iam::${ACCOUNT}:user/e2e-suppress/${name}-${prefix}`;
  const start = new Date("2026-03-10T10:00:00Z");
  await plantEvents(request, `suppress-${prefix}.json`, [
    denialBy(prefix, 0, { time: start, arn, ip: "10.20.30.40" }),
    denialBy(prefix, 1, { time: minutes(start, 4), arn, ip: "10.20.30.40", eventName: "GetFoundationModel" }),
  ]);
  const page = await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json();
  expect(page.total).toBe(1);
  return { id: page.data[0].id as string, arn, prefix };
}

test("an analyst suppresses a CI user from its signal, sees the preview, saves, then disables it", async ({
  page,
  request,
}) => {
  // A long journey across five pages, each regrouping or previewing over the stored data.
  test.setTimeout(120_000);
  const { id, arn, prefix } = await plantSignal(request, "ci-runner");
  await page.goto(`/signals/${id}`);
  await page.getByRole("link", { name: "Suppress…" }).click();
  await expect(page).toHaveURL(/\/suppressions\/new\?signal=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New suppression");
  await expect(page.getByLabel("Condition 1: values")).toHaveValue(arn);

  // The preview is there before anything is typed.
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Leaves out 2 matches (2 events) and hides 1 signal, 1 of them still to triage");
  await expect(preview.getByRole("region", { name: "Signals it hides" }).getByRole("link")).toHaveAccessibleName(arn);
  // Ticking its IP narrows it; the preview follows.
  await page.getByLabel(/and only from 10\.20\.30\.40/).check();
  await expect(preview).toContainText("Leaves out 2 matches");

  await page.getByLabel("Name").fill(`CI runner ${prefix}`);
  await page.getByLabel("Reason").fill("The platform team's CI lists models on every build.");
  await page.getByRole("button", { name: "Save suppression" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`CI runner ${prefix}`);
  const covers = page.getByRole("region", { name: "What it covers" });
  await expect(covers).toContainText(`principal ARN is ${arn} and source IP is 10.20.30.40`);
  await expect(covers).toContainText("2 matches left out");
  await expect(page.getByRole("region", { name: "Signals it hides" }).getByRole("link")).toHaveAccessibleName(arn);

  // Out of the list; under Suppressed, naming the suppression.
  await page.goto(`/signals?q=${prefix}`);
  await expect(page.getByRole("tab", { name: /Needs triage/ })).toContainText("0");
  await page.getByRole("tab", { name: /Suppressed/ }).click();
  await expect(page).toHaveURL(/suppressed=only/);
  const table = page.getByRole("table", { name: "Signals" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link").first().click();
  await expect(page.getByText(/Suppressed since/)).toContainText(`CI runner ${prefix}`);
  const history = page.getByRole("list", { name: "Signal history" });
  await expect(history.locator("[data-kind=suppressed]")).toContainText(`suppressed by “CI runner ${prefix}”`);

  // Disable it: the signal comes back, open as it was, with the whole story.
  await page
    .getByRole("link", { name: `CI runner ${prefix}` })
    .first()
    .click();
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("region", { name: "What it covers" })).toContainText("Disabled: covers nothing");
  await expect(page.getByRole("region", { name: "History" })).toContainText("Version 2: disabled");
  await page.goto(`/signals/${id}`);
  await expect(page.getByText(/Suppressed since/)).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Triage" })).toContainText("Status open");
  await expect(history.locator("[data-kind=unsuppressed]")).toContainText("Back in the lists with its history");

  // And the list page has it under Disabled.
  await page.goto("/suppressions?state=disabled");
  await expect(page.getByRole("table", { name: "Suppressions" })).toContainText(`CI runner ${prefix}`);
});

test("a viewer reads the suppressions but is offered no way to change them", async ({ browser, request }) => {
  const { id, prefix } = await plantSignal(request, "viewer-sees");
  const created = await request.post("/api/v1/suppressions", {
    headers: sameOrigin,
    data: {
      name: `Viewer check ${prefix}`,
      reason: "seen by a viewer",
      conditions: [{ field: "principalArn", operator: "glob", values: [`*viewer-sees-${prefix}`] }],
      startsAt: "2026-01-01T00:00:00Z",
      expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    },
  });
  expect(created.status()).toBe(201);
  const suppression = await created.json();
  const viewer = await createActiveUser("viewer", "suppressions-viewer");
  const context = await browser.newContext({ storageState: await viewer.api.storageState() });
  const page = await context.newPage();
  await page.goto("/suppressions");
  await expect(page.getByRole("table", { name: "Suppressions" })).toContainText(`Viewer check ${prefix}`);
  await expect(page.getByRole("link", { name: "New suppression" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import JSON…" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export JSON" })).toHaveAttribute("href", "/api/v1/suppressions/export");
  await page.goto(`/suppressions/${suppression.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Viewer check ${prefix}`);
  await expect(page.getByRole("button", { name: "Disable" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await page.goto(`/signals/${id}`);
  await expect(page.getByRole("link", { name: "Suppress…" })).toHaveCount(0);
  await context.close();
  await viewer.api.dispose();
});
