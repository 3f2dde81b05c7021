// Classroom features in Chromium: walkthrough mode from the keyboard, predict-then-reveal with
// progress kept across reloads and languages, lab state in the URL (and garbage in it), the
// sharing tools, and the language switch keeping the page's state.

import { expect, test, type Page } from "@playwright/test";
import { hydrated, watchErrors } from "./site";

const LESSON = "en/masked-fill/";

async function counter(page: Page): Promise<[number, number]> {
  const text = (await page.locator(".walk-counter [aria-hidden]").textContent()) ?? "";
  const [n, total] = text.split("/").map((s) => Number(s.trim()));
  return [n, total];
}

test("walkthrough: one step at a time, arrows and Page Up/Down, jump, Esc", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(LESSON);
  await hydrated(page);
  await page.getByRole("button", { name: "Walkthrough" }).click();
  const bar = page.getByRole("toolbar", { name: "Walkthrough controls" });
  await expect(bar).toBeVisible();
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".step.is-current")).toHaveCount(1);
  const [first, total] = await counter(page);
  expect(first).toBe(1);
  expect(total).toBeGreaterThan(5);
  // Only the current step is shown; the first holds the title.
  await expect(page.locator("h1")).toBeVisible();
  await expect(page.locator(".step:not(.is-current)").first()).toBeHidden();

  await page.keyboard.press("ArrowRight");
  expect(await counter(page)).toEqual([2, total]);
  await expect(page).toHaveURL(/[?&]step=2\b/);
  await page.keyboard.press("PageDown");
  expect(await counter(page)).toEqual([3, total]);
  await page.keyboard.press("PageUp");
  await page.keyboard.press("ArrowLeft");
  expect(await counter(page)).toEqual([1, total]);
  await page.keyboard.press("ArrowLeft");
  expect(await counter(page)).toEqual([1, total]);
  await page.keyboard.press("End");
  expect(await counter(page)).toEqual([total, total]);
  await page.keyboard.press("Home");
  expect(await counter(page)).toEqual([1, total]);

  // Jump to any step; a step that ends with a cell shows that cell and its recorded output.
  await bar.getByRole("combobox", { name: "Jump to step" }).selectOption("3");
  expect(await counter(page)).toEqual([4, total]);
  const current = page.locator(".step.is-current");
  await expect(current.locator(".cell")).toHaveCount(1);
  await expect(current.locator(".cell-bar")).toBeHidden();
  // Code is projected as large as its output, in the editor (inside its shadow root) as well.
  const fontSize = (el: Element) => getComputedStyle(el).fontSize;
  const outputSize = await current.locator(".recorded pre").first().evaluate(fontSize);
  expect(parseFloat(outputSize)).toBeGreaterThan(18);
  expect(await current.locator(".cell-pre").evaluate(fontSize)).toBe(outputSize);
  await current.locator(".cell").hover(); // the pointer reaching a cell loads its editor
  await expect(current.locator(".cm-editor")).toHaveCount(1);
  expect(await current.locator(".cm-editor").evaluate(fontSize)).toBe(outputSize);

  // A reload keeps the step; Esc leaves and brings the site back.
  await page.reload();
  await hydrated(page);
  await expect(bar).toBeVisible();
  expect(await counter(page)).toEqual([4, total]);
  await page.locator("body").press("Escape");
  await expect(bar).toBeHidden();
  await expect(page.locator(".site-header")).toBeVisible();
  await expect(page).not.toHaveURL(/step=/);
  expect(errors).toEqual([]);
});

test("walkthrough in Chinese: strings and step counter", async ({ page }) => {
  await page.goto("zh/masked-fill/");
  await hydrated(page);
  await page.getByRole("button", { name: "演示模式" }).click();
  await expect(page.getByRole("toolbar", { name: "演示控制" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator(".walk-counter .visually-hidden")).toHaveText(/^第 2 步，共 \d+ 步$/);
});

test("predict, then reveal: commit first, see the result, keep it across reloads", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(LESSON);
  await hydrated(page);
  const q = page.locator('[data-predict="returns"]');
  const result = q.locator(".predict-result");
  await expect(q.locator(".predict-question")).toBeVisible();
  await expect(q.locator(".cell")).toBeVisible();
  await expect(result).toBeHidden();
  // Revealing without a prediction is refused.
  await q.getByText("Lock in and reveal").click();
  await expect(q.getByRole("alert")).toContainText("Pick a prediction first");
  await expect(result).toBeHidden();
  // A wrong prediction, then the reveal: the verdict, the recorded output, the explanation.
  await q.getByRole("radio", { name: "False both times" }).check();
  await q.getByText("Lock in and reveal").click();
  await expect(q.getByRole("status")).toContainText("Not quite");
  await expect(q.getByRole("status")).toContainText("y is x: False, then z is x: True");
  await expect(result.locator("figure.recorded pre")).toContainText("z is x: True");
  await expect(result).toContainText("Why:");
  await expect(q.getByRole("radio", { name: "False both times" })).toBeDisabled();

  await page.reload();
  await hydrated(page);
  await expect(q.getByRole("status")).toContainText("Not quite");
  await expect(q.getByRole("radio", { name: "False both times" })).toBeChecked();
  await expect(result).toBeVisible();

  // The same question in Chinese shares the progress.
  await page.goto("zh/masked-fill/");
  await hydrated(page);
  const zh = page.locator('[data-predict="returns"]');
  await expect(zh.getByRole("status")).toContainText("不太对");

  // Try again clears it, and a right answer says so.
  await zh.getByRole("button", { name: "重新预测" }).click();
  await expect(zh.locator(".predict-result")).toBeHidden();
  await zh.getByRole("radio", { name: "y is x 为 False，z is x 为 True" }).check();
  await zh.getByText("确定并揭晓").click();
  await expect(zh.getByRole("status")).toContainText("预测正确");
  expect(errors).toEqual([]);
});

test("every lesson has a predict question in both languages", async ({ page }) => {
  for (const lang of ["en", "zh"]) {
    for (const slug of [
      "masked-fill",
      "views-aliasing",
      "attention-masks",
      "autograd-inplace",
      "dtypes-and-values",
    ]) {
      await page.goto(`${lang}/${slug}/`);
      const n = await page.locator("[data-predict]").count();
      expect(n, `${lang}/${slug}`).toBeGreaterThanOrEqual(1);
      expect(await page.locator("[data-predict] .cell").count()).toBe(n);
    }
  }
});

test("Copy link right after a change carries that change", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("en/labs/fill/");
  await hydrated(page);
  const lab = page.locator("section.lab");
  await lab.getByRole("combobox", { name: "dtype" }).selectOption("float64");
  // The page's URL takes the dtype change after its pause; the next click is then newer than
  // any report, and Copy link must still include it.
  await expect(page).toHaveURL(/[?&]s=/);
  await lab.getByRole("button", { name: "x.masked_fill_(mask, value)" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByRole("textbox", { name: /Link to this lab/ }).inputValue();
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator("section.lab").locator(".lab-facts")).toContainText("True");
});

test("lab state round-trips through the URL, and Copy link carries it", async ({
  page,
  context,
}) => {
  const errors = watchErrors(page);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("en/labs/fill/");
  await hydrated(page);
  const lab = page.locator("section.lab");
  await lab.getByRole("combobox", { name: "dtype" }).selectOption("float64");
  await lab.getByRole("button", { name: "x.masked_fill_(mask, value)" }).click();
  await expect(page).toHaveURL(/[?&]s=/);
  await expect(lab.locator(".lab-facts")).toContainText("True");

  // Copy link carries the current state, and the page's URL settles on the same one (the URL
  // follows the lab a moment later, so it is polled rather than read once).
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByRole("textbox", { name: /Link to this lab/ }).inputValue();
  const s = new URL(link).searchParams.get("s") ?? "";
  expect(s.length).toBeGreaterThan(0);
  expect(s.length).toBeLessThan(400);
  await expect.poll(() => new URL(page.url()).searchParams.get("s")).toBe(s);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // The link opens the lab in the same state.
  const other = await context.newPage();
  await other.goto(link);
  const again = other.locator("section.lab");
  await expect(again.getByRole("combobox", { name: "dtype" })).toHaveValue("float64");
  await expect(again.locator(".lab-facts")).toContainText("True");

  // Switching language keeps the page and the state.
  await page.getByRole("link", { name: "阅读中文版" }).click();
  await expect(page).toHaveURL(/\/zh\/labs\/fill\/\?s=/);
  expect(new URL(page.url()).searchParams.get("s")).toBe(s);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator("section.lab").getByRole("combobox", { name: /dtype/ })).toHaveValue(
    "float64",
  );
  expect(errors).toEqual([]);
});

test("garbage or hostile lab state falls back to defaults with a notice, without errors", async ({
  page,
}) => {
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  for (const kind of ["fill", "alias", "softmax", "autograd", "mask"]) {
    for (const bad of [
      "%%%",
      "eyJub3QiOiJhIHN0YXRlIn0", // valid base64url JSON, wrong shape
      encodeURIComponent('"><script>alert(1)</script>'),
      "A".repeat(5000),
    ]) {
      await page.goto(`en/labs/${kind}/?s=${bad}`);
      await expect(page.locator("section.lab")).toBeVisible();
      await expect(page.getByText("could not be read")).toBeVisible();
    }
  }
  expect(dialogs).toBe(0);
  // Leaving a page cancels its pending requests (the softmax lab's Plot); those are not errors.
  expect(errors.filter((e) => !e.startsWith("request failed:"))).toEqual([]);
});

test("the Embed button gives both snippets for the lab's current state", async ({ page }) => {
  await page.goto("en/labs/alias/");
  await hydrated(page);
  await page.locator("section.lab").getByRole("button", { name: "masked_fill_" }).first().click();
  await expect(page).toHaveURL(/[?&]s=/);
  const s = new URL(page.url()).searchParams.get("s") ?? "";
  await page.getByRole("button", { name: "Embed" }).click();
  const iframe = await page.getByRole("textbox", { name: /iframe/ }).inputValue();
  expect(iframe).toContain(`/embed/alias/?state=${encodeURIComponent(s)}&amp;lang=en`);
  expect(iframe).toContain("embed/masklab-resize.js");
  const element = await page.getByRole("textbox", { name: /custom element/ }).inputValue();
  expect(element).toContain("embed/masklab-elements.js");
  expect(element).toContain(`<masklab-alias state="${s}" lang="en">`);
});

test("a lab in a lesson step opens in the state the lesson gives it", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(LESSON);
  await hydrated(page);
  await page.locator(".shared-lab").scrollIntoViewIfNeeded();
  const lab = page.locator(".shared-lab section.lab");
  // The lesson's <Lab state="…"> starts just after masked_fill_ ran: y is x, version 1.
  await expect(lab.locator(".lab-facts")).toContainText("True");
  await expect(lab.locator(".lab-facts")).toContainText("1");
  const step = await page.locator(".step:has(.shared-lab)").getAttribute("data-step");
  await page.goto(`${LESSON}?step=${step}`);
  await hydrated(page);
  await expect(page.locator(".step.is-current section.lab")).toBeVisible();
  await expect(page.locator(".step.is-current .lab-facts")).toContainText("True");
  // Arrow keys inside the lab's mask grid belong to the grid, not to the walkthrough.
  const [n] = await counter(page);
  await page.locator(".step.is-current [role=grid] [data-r='0'][data-c='0']").first().focus();
  await page.keyboard.press("ArrowRight");
  expect((await counter(page))[0]).toBe(n);
  expect(errors).toEqual([]);
});
