// An officer registers seed row 4 (Rwanda Bridges to Justice) in the browser: parties, commitments,
// "All facilities", the pending E-HUZA amendment and a planned activity due last month; then finds it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!run)("agreements in the browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
    await signUpFirstAdministrator(browser.page, server.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-agreements-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("registers the RBJ agreement with a new partner created inline, its commitments and all facilities", async () => {
    const { page } = browser;
    // The keeping institution exists already.
    await page.goto(`${server.url}/organisations/new`);
    await page.getByLabel("Name *", { exact: true }).fill("Rwanda Correctional Service");
    await page.getByLabel("Acronym").fill("RCS");
    await page.getByLabel("Kind *").selectOption("government");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/);

    await page.goto(`${server.url}/agreements/new`);
    await page.getByLabel("Title").fill("MoU between RCS and Rwanda Bridges to Justice");
    await page.getByLabel("Add a party").fill("RCS");
    await page.getByRole("option", { name: "Rwanda Correctional Service (RCS)" }).click();
    await page.getByLabel("Add a party").fill("Rwanda Bridges to Justice");
    await page.getByRole("option", { name: "New organisation “Rwanda Bridges to Justice”" }).click();
    await page.getByLabel("Kind", { exact: true }).selectOption("international_ngo");
    await page.getByRole("button", { name: "Create “Rwanda Bridges to Justice”" }).click();
    await expect.poll(() => page.locator(".party-row").count()).toBe(2);
    await page.getByLabel("Date of signature, as written").fill("12/05/2020");
    await page.getByText("Read as 12 May 2020 (exact day)").waitFor();
    await page.getByLabel("Legal aid").check();
    await page.getByRole("button", { name: "+ All correctional facilities" }).click();
    await page
      .getByLabel("Commitments (field activities)")
      .fill(
        "Deliver early access to justice through well-trained volunteer lawyers\nProvide indigent suspects with legal representation from the moment of arrest",
      );
    await screenshot(page, "20-agreement-form");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "MoU between RCS and Rwanda Bridges to Justice" }).waitFor();
    await page.locator("dd", { hasText: "All correctional facilities" }).waitFor();
    expect(await page.locator(".commitment").count()).toBe(2);
  });

  it("records a planned activity due last month and shows it overdue", async () => {
    const { page } = browser;
    // The editing forms sit behind buttons, for those who may edit.
    await page.getByRole("button", { name: "Add progress" }).click();
    await page.getByLabel("Kind", { exact: true }).selectOption("planned");
    await page
      .getByLabel("What happened or what is planned")
      .fill("Launch E-HUZA e-visits in two pilot facilities");
    await page.getByLabel("Due date").fill(isoDaysAgo(30));
    await page.getByRole("button", { name: "Add to the timeline" }).click();
    await page.locator(".timeline-entry.overdue").waitFor();
    await page.getByText("1 overdue activity").first().waitFor();
  });

  it("registers the pending E-HUZA amendment and shows it awaiting approval", async () => {
    const { page } = browser;
    const agreementUrl = page.url();
    await page.getByRole("link", { name: "Register an amendment of this agreement" }).click();
    await page.waitForURL(/\/agreements\/new\?amends=/);
    const title = page.getByLabel("Title");
    await expect.poll(() => title.inputValue()).toContain("Amendment of");
    await title.fill("Amendment to include the E-HUZA project");
    await page.getByLabel("Current status").selectOption("awaiting_approval");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
    await page.locator(".status-awaiting_approval").first().waitFor();
    await page.goto(agreementUrl);
    await page.getByRole("link", { name: "Amendment to include the E-HUZA project" }).waitFor();
    await page.locator("dd .status-awaiting_approval").waitFor();
    await screenshot(page, "21-agreement-page");
  });

  it("finds the agreement by searching e-huza, and shows each step in its history", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements`);
    await page.getByLabel("Search").fill("e-huza");
    await page.getByRole("link", { name: "MoU between RCS and Rwanda Bridges to Justice" }).waitFor();
    await screenshot(page, "22-agreement-search");
    await page.getByRole("link", { name: "MoU between RCS and Rwanda Bridges to Justice" }).click();
    await page.locator(".history-entry").first().waitFor();
    const history = await page.locator(".history").textContent();
    expect(history).toContain("Created");
    expect(history).toContain("Launch E-HUZA e-visits");
    expect(history).toContain("Planned: Launch E-HUZA e-visits");
    expect(history).toContain("Rwanda Bridges to Justice (signatory)");
    // The same history in French: kinds, roles and statuses are the reader's, not the writer's.
    await page.getByLabel("Language").first().selectOption("fr");
    await page.getByText("Prévu : Launch E-HUZA e-visits", { exact: false }).first().waitFor();
    const inFrench = await page.locator(".history").textContent();
    expect(inFrench).toContain("Rwanda Bridges to Justice (signataire)");
    expect(inFrench).not.toContain("(signatory)");
    await screenshot(page, "22b-agreement-history-fr");
    // The switch saves the language on the account, then reads the session again: the next test starts after that
    // (without full-page screenshots in between, "Attach a file" was pressed while the page re-rendered for it).
    const sessionRead = page.waitForResponse(
      (r) => r.url().endsWith("/api/session") && r.request().method() === "GET",
    );
    await page.getByLabel("Langue").first().selectOption("en");
    await sessionRead;
    // Back in English before the next test starts (the entries were on the page in French already: waiting for
    // them let the next test begin on a French page, where "Kind of document" is not found — a flake).
    await page.getByText("Planned: Launch E-HUZA e-visits", { exact: false }).first().waitFor();
  });

  it("uploads the signed copy as a PDF and lists it with a working download link", async () => {
    const { page } = browser;
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    await page.getByRole("button", { name: "Attach a file" }).click();
    await page.getByLabel("Kind of document").selectOption("signed_copy");
    await page
      .getByLabel("File", { exact: true })
      .setInputFiles({ name: "MoU RCS-RBJ signed.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "Upload" }).click();
    const link = page.locator(".documents a", { hasText: "MoU RCS-RBJ signed.pdf" });
    await link.waitFor();
    await page.locator(".documents .tag", { hasText: "Signed copy" }).waitFor();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/api\/agreements\/[0-9a-f-]{36}\/documents\/[0-9a-f-]{36}$/);
    const download = await page.request.get(`${server.url}${href ?? ""}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    await page.locator("#documents-title").scrollIntoViewIfNeeded();
    await screenshot(page, "25-agreement-documents");
  });

  it("refuses a save over someone else's change and shows what they changed", async () => {
    const { page } = browser;
    // The agreement's address from its path alone (whatever query or fragment the page's address has now).
    const id = new URL(page.url()).pathname.split("/").pop() ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const url = `${server.url}/agreements/${id}`;
    await page.goto(`${url}/edit`);
    await page.waitForURL(/\/edit$/);
    const title = page.getByLabel("Title");
    await expect.poll(() => title.inputValue()).toContain("Rwanda Bridges to Justice");
    // Meanwhile a colleague changes the reference.
    const current = await page.request.get(`${server.url}/api/agreements/${id}`);
    const etag = current.headers().etag ?? "";
    const patched = await page.request.patch(`${server.url}/api/agreements/${id}`, {
      headers: { "If-Match": etag, Origin: server.url, "Content-Type": "application/json" },
      data: { reference: "RCS/LEG/2020/04" },
    });
    expect(patched.status()).toBe(200);
    await title.fill("MoU between RCS and RBJ (legal aid)");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByText("Someone else changed this agreement since you opened it.", { exact: false })
      .waitFor();
    await page.getByRole("heading", { name: "Changed by someone else since you opened the form" }).waitFor();
    expect(await page.locator(".history").textContent()).toContain("RCS/LEG/2020/04");
    await screenshot(page, "26-agreement-stale-edit");
    const after = await (await page.request.get(`${server.url}/api/agreements/${id}`)).json();
    expect(after.title).toBe("MoU between RCS and Rwanda Bridges to Justice");
    await page.goto(url);
  });

  it("lets the administrator add a theme in three languages, offered at once in the agreement form", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin/themes`);
    await page.getByRole("heading", { name: "Themes" }).waitFor();
    await page.getByLabel("Code *").fill("juvenile_justice");
    await page.getByLabel("English *").fill("Juvenile justice");
    await page.getByLabel("Français *").fill("Justice juvénile");
    await page.getByLabel("Kinyarwanda *").fill("Ubutabera bw'abana");
    await page.getByRole("button", { name: "Add the theme" }).click();
    await page.getByText("Theme “Juvenile justice” added.").waitFor();
    await page.getByRole("cell", { name: "Ubutabera bw'abana" }).waitFor();
    // A better Kinyarwanda name for it; the code, and the agreements carrying it, stay.
    await page.getByRole("button", { name: "Edit “Juvenile justice”" }).click();
    await page.getByLabel("Kinyarwanda *").nth(0).fill("Ubutabera bugenewe abana");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Theme renamed: “Juvenile justice”.").waitFor();
    await page.getByRole("cell", { name: "Ubutabera bugenewe abana" }).waitFor();
    await screenshot(page, "27-themes-renamed");
    // Unused and added: it may be deleted (the built-in ones offer no delete button).
    expect(await page.getByRole("button", { name: "Delete “Legal aid”" }).count()).toBe(0);
    await page.goto(`${server.url}/agreements/new`);
    await page.getByLabel("Juvenile justice").waitFor();
  });

  it("on a phone, says what is wrong in a refused form and goes to it, saves once on a double click, and says a day does not exist", async () => {
    const { page } = browser;
    const TITLE = "MoU between RCS and RBJ on legal aid in prisons";
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goto(`${server.url}/agreements/new`);
      const title = page.getByLabel("Title");
      const save = page.getByRole("button", { name: "Save" });
      const isFocused = (locator: typeof title) => locator.evaluate((el) => el === document.activeElement);
      expect(await title.getAttribute("aria-required")).toBe("true");
      // Empty: each field says its own fault, focus and the screen go to the first one, one alert is read.
      await save.scrollIntoViewIfNeeded();
      await save.click();
      await page.getByText("A title has at least 3 characters.").waitFor();
      await page.getByText("An agreement has at least 2 parties.").waitFor();
      await expect.poll(() => isFocused(title)).toBe(true);
      const box = await title.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= 740).toBe(true);
      expect(await page.locator("form [role=alert]").count()).toBe(1);
      await screenshot(page, "28-agreement-form-errors-phone");

      // One party: the error is the party field's, read with it, and focus goes there.
      await title.fill(TITLE);
      const addParty = page.getByLabel("Add a party");
      await addParty.fill("RCS");
      await page.getByRole("option", { name: "Rwanda Correctional Service (RCS)" }).click();
      await save.click();
      await expect.poll(() => isFocused(addParty)).toBe(true);
      expect(await addParty.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await addParty.getAttribute("aria-describedby")) ?? "";
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
        "An agreement has at least 2 parties.",
      );

      // A day that does not exist: said as it is typed, and the first save stops on it.
      await addParty.fill("Rwanda Bridges");
      await page.getByRole("option", { name: "Rwanda Bridges to Justice", exact: true }).click();
      await expect.poll(() => page.locator(".party-row").count()).toBe(2);
      const signedOn = page.getByLabel("Date of signature, as written");
      await signedOn.fill("31/02/2023");
      const told =
        "There is no 31 February 2023: it will be kept as 2023 (year only). Correct the date, or save it as it is.";
      await page.locator(".field-warning", { hasText: told }).waitFor();
      await save.click();
      await page.locator(".field-error", { hasText: told }).waitFor();
      await expect.poll(() => isFocused(signedOn)).toBe(true);
      await screenshot(page, "29-agreement-impossible-date-phone");

      // Saved as it is, on a double click: one agreement.
      await save.dblclick();
      await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
      await page.getByRole("heading", { name: TITLE }).waitFor();
      const list = await (await page.request.get(`${server.url}/api/agreements?limit=200`)).json();
      const saved = list.items.filter((a: { title: string }) => a.title === TITLE);
      expect(saved).toHaveLength(1);
      expect(saved[0].signedOn).toMatchObject({ text: "31/02/2023", year: 2023, precision: "year" });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("shows cooperation at a glance, also on a 360 px phone", async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/sign-in`);
      await page.locator('input[type="email"]').fill("aline@rcs.example");
      await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
      await page.locator('button[type="submit"]').click();
      await page.locator(".stats").waitFor();
      await page.goto(`${server.url}/agreements/overview`);
      await page.getByRole("heading", { name: "Overdue planned activities" }).waitFor();
      await page
        .locator(".cards .timeline-text", { hasText: "Launch E-HUZA e-visits in two pilot facilities" })
        .waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, "23-overview-phone");
      await page.goto(`${server.url}/agreements`);
      await page.locator(".card").first().waitFor();
      await screenshot(page, "24-agreements-phone");
    } finally {
      await phone.close();
    }
  });
});
