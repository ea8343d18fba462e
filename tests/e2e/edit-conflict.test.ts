// Two people edit the same agreement (issue 14): the second save is refused (412) and shows, field by field, the
// other person's value beside theirs; they take one, keep the other, and save again — once, however often they click.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();

describe.skipIf(!run)("two edits of the same agreement", () => {
  let server: RunningServer;
  let browser: Browser;
  let other: Page;
  let agreementUrl = "";

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData());
    // The colleague: a second tab of the same browser, signed in too.
    other = await browser.context.newPage();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-edit-conflict-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = async (page: Page) =>
    (await (
      await page.request.get(`${server.url}/api/agreements/${agreementUrl.split("/").at(-1)}`)
    ).json()) as {
      title: string;
      reference: string | null;
      renewalTerms: string | null;
    };

  it("shows the other person's changes beside yours and saves what the user chose", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements`);
    await page.locator(".card-title").first().click();
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
    agreementUrl = page.url();
    const before = await api(page);

    // Both open the form on the same version.
    await page.goto(`${agreementUrl}/edit`);
    await other.goto(`${agreementUrl}/edit`);
    for (const p of [page, other])
      await expect.poll(() => p.getByLabel("Title").inputValue()).toBe(before.title);

    // The colleague saves first: a new reference and new renewal terms.
    await other.getByLabel("Reference").fill("RCS/2026/77");
    await other.getByLabel("Renewal terms").fill("Renewed every year by letter");
    await other.getByRole("button", { name: "Save" }).click();
    await other.waitForURL(agreementUrl);

    // The user, still on the old version, changes the title and the renewal terms too.
    await page.getByLabel("Title").fill(`${before.title} (revised)`);
    await page.getByLabel("Renewal terms").fill("Renewed for two years unless a party objects");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByText("Someone else changed this agreement since you opened it.", { exact: false })
      .waitFor();
    const choices = page.getByRole("region", { name: "Their version or yours" });
    await choices.waitFor();
    expect(page.url()).toBe(`${agreementUrl}/edit`);

    // Only what the colleague changed is offered; the title stays the user's without asking.
    expect(await choices.getByRole("group").allTextContents()).toHaveLength(2);
    const reference = choices.getByRole("group", { name: "Reference" });
    const renewal = choices.getByRole("group", { name: "Renewal terms" });
    // A field the user left alone takes the colleague's value; one both changed stays the user's until they choose.
    expect(await reference.getByRole("radio", { name: "Take theirs: RCS/2026/77" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Reference").inputValue()).toBe("RCS/2026/77");
    expect(
      await renewal
        .getByRole("radio", { name: "Keep yours: Renewed for two years unless a party objects" })
        .isChecked(),
    ).toBe(true);
    expect(await page.getByLabel("Renewal terms").inputValue()).toBe(
      "Renewed for two years unless a party objects",
    );
    // Who changed what, from the history.
    const changes = page.getByRole("region", { name: "Changed by someone else since you opened the form" });
    expect(await changes.textContent()).toContain("Renewed every year by letter");
    await screenshot(page, "90-edit-conflict");

    // Taking theirs puts it in the form; keeping yours puts yours back.
    await renewal.getByRole("radio", { name: /^Take theirs/ }).check();
    expect(await page.getByLabel("Renewal terms").inputValue()).toBe("Renewed every year by letter");
    await renewal.getByRole("radio", { name: /^Keep yours/ }).check();
    expect(await page.getByLabel("Renewal terms").inputValue()).toBe(
      "Renewed for two years unless a party objects",
    );

    // On a 360 px phone the choices fit the screen.
    await page.setViewportSize({ width: 360, height: 780 });
    await choices.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await choices.screenshot({ path: join(SCREENSHOT_DIR, "91-edit-conflict-phone.png") });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Saving again sends one request, however quickly the button is clicked twice.
    const patches: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "PATCH" && r.url().includes("/api/agreements/")) patches.push(r.url());
    });
    await page.getByRole("button", { name: "Save" }).dblclick();
    await page.waitForURL(agreementUrl);
    expect(patches).toHaveLength(1);
    const after = await api(page);
    expect(after.title).toBe(`${before.title} (revised)`);
    expect(after.reference).toBe("RCS/2026/77");
    expect(after.renewalTerms).toBe("Renewed for two years unless a party objects");
  });
});
