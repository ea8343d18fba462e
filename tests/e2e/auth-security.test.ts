// Account security in a real browser on a 360 px phone: the password-strength message at setup, setting up the
// TOTP second factor on the account page, and signing in with the code computed as an authenticator app would.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../totp";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  screenshot,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const EMAIL = "aline@rcs.example";
const PASSWORD = "Amahoro 2026 kuri bose";

/** A code from a 30-second step other than `previous` (a code is not taken twice). */
async function freshCode(secret: string, previous?: string): Promise<string> {
  for (;;) {
    const code = totpCode(secret);
    if (code !== previous) return code;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe.skipIf(!run)("account security in the browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let secret = "";
  let lastCode: string | undefined;

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser({ width: 360, height: 780 }));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("says why a common password is refused at setup, then accepts a strong one", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/setup`);
    await page.getByLabel("Your name").fill("Aline Uwase");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill("password1234");
    await page.getByRole("button", { name: "Create and sign in" }).click();
    await page.getByText("This password is too common").waitFor();
    await screenshot(page, "auth-01-setup-common-password-360");
    await page.getByLabel("Password").fill("aline@rcs.example!");
    await page.getByRole("button", { name: "Create and sign in" }).click();
    await page.getByText("The password must not contain your email address.").waitFor();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create and sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Aline Uwase" }).waitFor();
    // A new administrator is told to set up a second factor.
    await page.getByText("Administrators must use a second factor").waitFor();
    await screenshot(page, "auth-02-home-banner-360");
  });

  it("sets up the second factor from the account page with a code from the app", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Set up the second factor" }).click();
    await page.getByRole("heading", { name: "My account and security" }).waitFor();
    await page.locator("#second-factor-heading ~ form input[type=password]").fill(PASSWORD);
    await page.getByRole("button", { name: "Set up the second factor" }).click();
    await page.getByAltText("QR code to scan with an authenticator app").waitFor();
    secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    expect(await page.getByTestId("backup-codes").locator("li").count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, "auth-03-second-factor-qr-360");
    lastCode = await freshCode(secret);
    await page.getByLabel("Code").fill(lastCode);
    await page.getByRole("button", { name: "Verify and turn on" }).click();
    await page.getByText("The second factor is on").waitFor();
    expect(await page.getByText("Administrators must use a second factor").count()).toBe(0);
    await screenshot(page, "auth-04-second-factor-on-360");
  });

  it("signs in with the password and then the code", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Enter the 6-digit code").waitFor();
    await page.getByLabel("Code").fill(totpCode(secret) === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("This code is not right").waitFor();
    await screenshot(page, "auth-05-sign-in-code-360");
    await page.getByLabel("Code").fill(await freshCode(secret, lastCode));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Welcome, Aline Uwase" }).waitFor();
    await screenshot(page, "auth-06-signed-in-360");
  });
});
