import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const DEMO_PASSWORD = "maillage-demo-2026";
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };
const SCREENSHOTS = path.resolve(__dirname, "../screenshots");
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, headless; never a browser downloaded by Playwright. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Problems a page reported: uncaught errors, and anything the CSP refused. */
export interface PageProblems {
  errors: string[];
}

export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ baseURL, viewport, locale: "fr-FR" });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on("pageerror", (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()))
      problems.errors.push(`csp: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  // Client-side navigation: wait for the URL, not for a load event that will not come again.
  await page
    .waitForURL((url) => !url.pathname.startsWith("/connexion"), { waitUntil: "commit" })
    .catch(async (e: Error) => {
      // Say what the sign-in page shows instead of a bare timeout.
      const shown = (
        await page
          .locator("main")
          .innerText()
          .catch(() => "")
      ).slice(0, 500);
      throw new Error(`${email} was not signed in; the page shows: ${shown}\n${e.message}`);
    });
  // The header follows the new session without a reload.
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor({ timeout: 5000 });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (from npm) in the page. It is evaluated through the DevTools protocol, so the
 * server's CSP stays as strict as in production (no inline script is added to the page).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Audit the settled page: a region still loading is dimmed on purpose (aria-busy), and its
  // fading colours would be measured mid-transition.
  await page.waitForFunction(`!document.querySelector('[aria-busy="true"]')`, undefined, {
    timeout: 10_000,
  });
  await page.waitForTimeout(250);
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    resultTypes: ["violations"],
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
  })))`)) as AxeViolation[];
  return result;
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary ?? ""}`).join("\n"),
    )
    .join("\n");
}

/** Widest horizontal overflow of the page, in CSS pixels (0 when nothing sticks out). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
  )) as number;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
