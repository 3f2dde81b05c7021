// The labs in Chromium: pointer, drag and keyboard on the mask editor, each lab's main story,
// URL state, both languages, accessibility. Pages: /{en|zh}/labs/{kind}/ (the site's lab route,
// or the labs harness: npx playwright test -c test/ui/labs/playwright.harness.config.ts).

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";

const KINDS = ["mask", "fill", "alias", "softmax", "autograd"] as const;

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

async function openLab(page: Page, kind: string, lang = "en", query = ""): Promise<Locator> {
  await page.goto(`${lang}/labs/${kind}/${query}`);
  const lab = page.locator("section.lab");
  await expect(lab).toBeVisible();
  return lab;
}

const cell = (lab: Locator, r: number, c: number) =>
  lab.locator(`[role=grid] [data-r="${r}"][data-c="${c}"]`);

async function tabTo(page: Page, name: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute("aria-label") ?? el.textContent ?? "") : "";
    });
    if (name.test(label)) return;
  }
  throw new Error(`could not tab to ${name}`);
}

for (const lang of ["en", "zh"] as const) {
  for (const kind of KINDS) {
    test(`${lang} ${kind} lab loads without console errors and has no serious axe violations`, async ({
      page,
    }) => {
      const errors = watchErrors(page);
      const lab = await openLab(page, kind, lang);
      await expect(
        lab.getByRole("button", { name: lang === "en" ? "Show code" : "显示代码" }),
      ).toBeVisible();
      if (kind === "softmax") await expect(lab.locator(".lab-plot svg").first()).toBeVisible();
      const results = await new AxeBuilder({ page }).include("section.lab").analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
}

test.describe("mask editor", () => {
  test("is a named grid of named checkboxes", async ({ page }) => {
    const lab = await openLab(page, "mask");
    const grid = lab.getByRole("grid", { name: "mask (8, 8)" });
    await expect(grid).toBeVisible();
    await expect(grid.getByRole("gridcell")).toHaveCount(64);
    const box = grid.getByRole("checkbox", { name: "row 2, column 3, masked" });
    await expect(box).toHaveAttribute("aria-checked", "true");
    await expect(
      grid.getByRole("checkbox", { name: "row 3, column 2, not masked" }),
    ).toHaveAttribute("aria-checked", "false");
  });

  test("click toggles one cell", async ({ page }) => {
    const lab = await openLab(page, "mask");
    await lab.getByRole("button", { name: "Clear" }).click();
    const c = cell(lab, 1, 1);
    await expect(c).toHaveAttribute("aria-checked", "false");
    await c.click();
    await expect(c).toHaveAttribute("aria-checked", "true");
    await expect(lab.getByText(/^1 of 64 masked/)).toBeVisible();
    await c.click();
    await expect(c).toHaveAttribute("aria-checked", "false");
  });

  test("dragging paints the value chosen by the first cell, beyond the grid too", async ({
    page,
  }) => {
    const lab = await openLab(page, "mask");
    await lab.getByRole("button", { name: "Clear" }).click();
    const start = (await cell(lab, 2, 0).boundingBox())!;
    const end = (await cell(lab, 2, 5).boundingBox())!;
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
    // Leaving the grid keeps the drag (pointer capture) without painting anything outside it.
    await page.mouse.move(end.x + 400, end.y + 300, { steps: 4 });
    await page.mouse.up();
    for (let c = 0; c <= 5; c++)
      await expect(cell(lab, 2, c)).toHaveAttribute("aria-checked", "true");
    await expect(cell(lab, 2, 6)).toHaveAttribute("aria-checked", "false");
    await expect(lab.getByText(/^6 of 64 masked/)).toBeVisible();

    // A drag that starts on a masked cell erases.
    const a = (await cell(lab, 2, 1).boundingBox())!;
    const b = (await cell(lab, 2, 3).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(lab.getByText(/^3 of 64 masked/)).toBeVisible();
    for (const c of [1, 2, 3])
      await expect(cell(lab, 2, c)).toHaveAttribute("aria-checked", "false");
  });

  test("keyboard: roving tabindex, arrows, Space, Enter and Shift+arrows", async ({ page }) => {
    const lab = await openLab(page, "mask");
    await lab.getByRole("button", { name: "Clear" }).click();
    await expect(lab.locator("[role=grid] [tabindex='0']")).toHaveCount(1);
    await tabTo(page, /^row 0, column 0/);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await expect(cell(lab, 1, 1)).toBeFocused();
    await expect(cell(lab, 1, 1)).toHaveAttribute("tabindex", "0");
    await expect(cell(lab, 0, 0)).toHaveAttribute("tabindex", "-1");
    await page.keyboard.press("Space");
    await expect(cell(lab, 1, 1)).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await expect(cell(lab, 1, 3)).toBeFocused();
    for (const c of [1, 2, 3])
      await expect(cell(lab, 1, c)).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("Enter");
    await expect(cell(lab, 1, 3)).toHaveAttribute("aria-checked", "false");
    await page.keyboard.press("End");
    await expect(cell(lab, 1, 7)).toBeFocused();
  });

  test("presets: causal, padding lengths, seeded random, invert", async ({ page }) => {
    const lab = await openLab(page, "mask");
    await lab.getByRole("button", { name: "Causal (triu)" }).click();
    await expect(lab.getByText(/^28 of 64 masked/)).toBeVisible();
    await lab.getByRole("button", { name: "Invert" }).click();
    await expect(lab.getByText(/^36 of 64 masked/)).toBeVisible();
    await lab.getByLabel("Lengths per row").fill("8, 4, 0");
    await lab.getByRole("button", { name: "Padding" }).click();
    // Rows past the listed lengths keep all 8 positions.
    await expect(lab.getByText(/^12 of 64 masked/)).toBeVisible();
    await lab.getByLabel("Seed").fill("5");
    await lab.getByRole("button", { name: "Random" }).click();
    const first = await lab.locator("[role=grid] [aria-checked=true]").count();
    await lab.getByRole("button", { name: "Clear" }).click();
    await lab.getByRole("button", { name: "Random" }).click();
    await expect(lab.locator("[role=grid] [aria-checked=true]")).toHaveCount(first);
  });

  test("a toggle at 64x64 commits to the DOM within a frame", async ({ page }) => {
    const lab = await openLab(page, "mask");
    await lab.getByLabel("Rows").fill("64");
    await lab.getByLabel("Columns").fill("64");
    await expect(lab.getByRole("gridcell")).toHaveCount(4096);
    await cell(lab, 10, 10).click();
    const times = await page.evaluate(async () => {
      const out: number[] = [];
      for (let i = 0; i < 15; i++) {
        const el = document.querySelector<HTMLElement>(
          `[role=grid] [data-r="${20 + i}"][data-c="${30 + i}"]`,
        )!;
        el.focus();
        const before = el.getAttribute("aria-checked");
        const t0 = performance.now();
        el.dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
        // Discrete events commit synchronously; wait at most one microtask for the DOM.
        await Promise.resolve();
        if (el.getAttribute("aria-checked") === before) throw new Error("toggle did not commit");
        out.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      return out.sort((a, b) => a - b);
    });
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(16);
  });
});

test.describe("fill lab", () => {
  test("masked_fill returns a new tensor; masked_fill_ changes x and bumps its version", async ({
    page,
  }) => {
    const lab = await openLab(page, "fill");
    await lab.getByRole("button", { name: "x.masked_fill(mask, value)" }).click();
    await expect(lab.locator(".lab-facts")).toContainText("y is xFalse");
    await expect(lab.locator(".lab-facts")).toContainText("x._version0");
    await expect(lab.getByRole("table", { name: /y \(result\)/ })).toContainText("-inf");
    await expect(lab.getByRole("table", { name: /^x/ })).not.toContainText("-inf");
    await expect(lab.getByRole("img", { name: /y → Tensor/ })).toBeVisible();
    await expect(lab.locator(".sd-storage.fresh")).toHaveCount(1);

    await lab.getByRole("button", { name: "x.masked_fill_(mask, value)" }).click();
    await expect(lab.locator(".lab-facts")).toContainText("y is xTrue");
    await expect(lab.locator(".lab-facts")).toContainText("x._version1");
    await expect(lab.getByRole("table", { name: /^x/ })).toContainText("-inf");
    await expect(lab.locator(".sd-storage.fresh")).toHaveCount(0);
  });

  test("shows PyTorch's conversion errors", async ({ page }) => {
    const lab = await openLab(page, "fill");
    await lab.getByLabel("dtype").selectOption("int64");
    await lab.getByRole("button", { name: "x.masked_fill(mask, value)" }).click();
    await expect(lab.getByRole("status")).toHaveText(
      "Error: RuntimeError: value cannot be converted to type int64_t without overflow",
    );
    await lab.getByLabel("dtype").selectOption("float16");
    await lab.getByLabel("Fill value").selectOption("-1e9");
    await lab.getByRole("button", { name: "x.masked_fill(mask, value)" }).click();
    await expect(lab.getByRole("status")).toContainText("c10::Half without overflow");
  });

  test("works by keyboard alone and its state survives a reload", async ({ page }) => {
    await openLab(page, "fill");
    await tabTo(page, /^x\.masked_fill_\(mask, value\)$/);
    await page.keyboard.press("Enter");
    await expect(page.locator(".lab-facts")).toContainText("x._version1");
    await tabTo(page, /^Show code$/);
    await page.keyboard.press("Enter");
    await expect(page.locator(".lab-code-text")).toContainText(
      "y = x.masked_fill_(mask, float('-inf'))",
    );
    await expect(page).toHaveURL(/\?s=/);
    await page.reload();
    await expect(page.locator(".lab-facts")).toContainText("x._version1");
  });

  test("editing a value updates the tensor", async ({ page }) => {
    const lab = await openLab(page, "fill");
    const input = lab.getByLabel("x[0, 0]");
    await input.fill("-2.5");
    await input.press("Enter");
    await expect(lab.getByLabel("x[0, 0]")).toHaveValue("-2.5000");
  });

  test("a malformed state in the URL falls back to the defaults with a notice", async ({
    page,
  }) => {
    const lab = await openLab(page, "fill", "en", "?s=%25%25not-a-state");
    await expect(lab.getByRole("note")).toContainText("could not be read");
    await expect(lab.getByRole("grid")).toBeVisible();
  });
});

test.describe("softmax lab", () => {
  test("flags NaN rows when a row is fully blocked with -inf, and not with -1e9", async ({
    page,
  }) => {
    const lab = await openLab(page, "softmax");
    await expect(lab.getByText("NaN row: every position is masked")).toHaveCount(0);
    // With True = allowed, the causal mask leaves the last row nothing to attend to.
    await lab.getByLabel(/True = allowed/).check();
    await expect(lab.getByText("NaN row: every position is masked")).toHaveCount(1);
    await lab.getByLabel("Fill value").selectOption("-1e9");
    await expect(lab.getByText("NaN row: every position is masked")).toHaveCount(0);
    await lab.getByRole("button", { name: "Show code" }).click();
    await expect(lab.locator(".lab-code-text")).toContainText(
      "filled = scores.masked_fill(~mask, -1e9)",
      {
        useInnerText: false,
      },
    );
  });

  test("filling with 0 warns and leaves weight on masked positions", async ({ page }) => {
    const lab = await openLab(page, "softmax");
    await lab.getByLabel("Fill value").selectOption("0");
    await expect(lab.locator(".lab-warning")).toContainText("exp(0) = 1");
    await expect(
      lab
        .getByRole("table", { name: /weights/ })
        .locator("tbody tr")
        .first(),
    ).not.toContainText("0.0000");
  });

  test("temperature slider works from the keyboard", async ({ page }) => {
    const lab = await openLab(page, "softmax");
    const slider = lab.getByRole("slider", { name: /Temperature/ });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await expect(lab.getByText("Temperature: 1.1")).toBeVisible();
    await lab.getByRole("button", { name: "Show code" }).click();
    await expect(lab.locator(".lab-code-text")).toContainText("scaled = scores / 1.1");
  });
});

async function setSoftmaxSize(lab: Locator, side: number): Promise<void> {
  for (const name of ["Rows", "Columns"]) {
    await lab.getByLabel(name, { exact: true }).fill(String(side));
    await lab.getByLabel(name, { exact: true }).press("Tab");
  }
  await expect(lab.getByRole("grid", { name: `mask (${side}, ${side})` })).toBeVisible();
}

test.describe("softmax lab at larger sizes", () => {
  test("past 64 cells a score is edited on demand, from the keyboard", async ({ page }) => {
    const errors = watchErrors(page);
    const lab = await openLab(page, "softmax");
    await setSoftmaxSize(lab, 9);
    const scores = lab.getByRole("table", { name: /^scores/ });
    await expect(scores.getByRole("textbox")).toHaveCount(0);
    const button = scores.getByRole("button", { name: /^scores\[0, 1\]: / });
    await button.focus();
    await page.keyboard.press("Enter");
    const field = scores.getByRole("textbox", { name: "scores[0, 1]" });
    await expect(field).toBeFocused();
    await page.keyboard.type("2");
    await page.keyboard.press("Enter");
    const edited = scores.getByRole("button", { name: "scores[0, 1]: 2.0000" });
    await expect(edited).toBeFocused();
    await expect(scores.getByRole("textbox")).toHaveCount(0);
    // Escape leaves the value as it was.
    await page.keyboard.press("Enter");
    await page.keyboard.type("7");
    await page.keyboard.press("Escape");
    await expect(scores.getByRole("button", { name: "scores[0, 1]: 2.0000" })).toBeFocused();
    await lab.getByRole("button", { name: "Show code" }).click();
    await expect(lab.locator(".lab-code-text")).toContainText("scores = torch.tensor(");
    // With the long code open too: its scrolling region must be reachable from the keyboard.
    const results = await new AxeBuilder({ page }).include("section.lab").analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("a mask toggle redraws the heatmap, and the bar chart only for its own row", async ({
    page,
  }) => {
    const lab = await openLab(page, "softmax");
    await setSoftmaxSize(lab, 9);
    const plots = lab.locator(".lab-plot");
    await expect(plots.nth(0).locator("svg image")).toHaveCount(1);
    await expect(plots.nth(1).locator("svg")).toHaveCount(1);
    const tag = () =>
      plots.evaluateAll((hosts) =>
        hosts.map((h) => {
          const svg = h.firstElementChild as (Element & { __seen?: boolean }) | null;
          const seen = !!svg?.__seen;
          if (svg) svg.__seen = true;
          return seen;
        }),
      );
    await tag();
    // Row 5 is not the charted row (row 0): the heatmap is new, the bar chart is the same one.
    await cell(lab, 5, 4).click();
    await expect(lab.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect.poll(tag).toEqual([false, true]);
    await cell(lab, 0, 4).click();
    await expect(lab.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect.poll(tag).toEqual([false, false]);
    await expect(plots.nth(1)).toHaveAttribute("role", "img");
    await expect(plots.nth(1)).toHaveAttribute("aria-label", "Weights of row 0");
  });

  test("a small mask marks True cells with × when they block and ✓ when they allow", async ({
    page,
  }) => {
    const lab = await openLab(page, "softmax");
    const mark = () => cell(lab, 0, 1).evaluate((el) => getComputedStyle(el, "::after").content);
    await expect(cell(lab, 0, 1)).toHaveAttribute("aria-checked", "true");
    expect(await mark()).toBe('"×"');
    await lab.getByLabel(/True = allowed/).check();
    await expect.poll(mark).toBe('"✓"');
  });
});

test.describe("aliasing lab", () => {
  test("a view writes through to its base; a clone does not", async ({ page }) => {
    const lab = await openLab(page, "alias");
    await lab.getByRole("button", { name: "v.masked_fill_(mask, value)" }).click();
    await expect(lab.getByRole("table", { name: /^x/ }).locator("tbody tr").nth(1)).toHaveText(
      "15.0.0.8.",
    );
    await expect(lab.getByText("v shares x's storage")).toBeVisible();
    await lab.getByLabel("View or copy").selectOption("clone");
    await expect(lab.getByText("v has its own storage")).toBeVisible();
    await lab.getByRole("button", { name: "Checkerboard" }).click();
    await lab.getByRole("button", { name: "v.masked_fill_(mask, value)" }).click();
    const xRows = lab.getByRole("table", { name: /^x/ }).locator("tbody tr");
    await expect(xRows.nth(0)).toHaveText("01.2.3.4.");
    await expect(xRows.nth(1)).toHaveText("15.6.7.8.");
    await expect(
      lab
        .getByRole("table", { name: /^v = x\.clone/ })
        .locator("tbody tr")
        .first(),
    ).toHaveText("01.0.3.0.");
  });

  test("an expanded view writes through every alias and warns", async ({ page }) => {
    const lab = await openLab(page, "alias");
    await lab.getByLabel("View or copy").selectOption("expand");
    await lab.getByRole("button", { name: "Checkerboard" }).click();
    await lab.getByRole("button", { name: "v.masked_fill_(mask, value)" }).click();
    await expect(lab.locator(".lab-warning")).toContainText("expanded tensors is deprecated");
    await expect(lab.getByRole("table", { name: /^x/ }).locator("tbody tr").first()).toContainText(
      "0.",
    );
  });
});

test.describe("autograd lab", () => {
  test("the version-counter error names the versions; x * 2 gives zeros where masked", async ({
    page,
  }) => {
    const lab = await openLab(page, "autograd");
    await lab.getByRole("button", { name: "loss.backward()" }).click();
    await expect(lab.getByRole("status")).toContainText(
      "which is output 0 of Exp, is at version 1; expected version 0 instead.",
    );
    await lab.getByLabel("Op before the fill").selectOption("mul2");
    await lab.getByRole("button", { name: "loss.backward()" }).click();
    const grad = lab.getByRole("table", { name: /x\.grad/ });
    await expect(grad.locator("tbody tr").first()).toContainText("0.2.2.");
  });

  test("the leaf in-place error, and no_grad letting it through", async ({ page }) => {
    const lab = await openLab(page, "autograd");
    await lab.getByLabel("Op before the fill").selectOption("none");
    await expect(lab.getByRole("status")).toHaveText(
      "Error: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.",
    );
    await lab.getByLabel("inside torch.no_grad()").check();
    await expect(lab.locator(".lab-error")).toHaveCount(0);
    await expect(lab.getByRole("table", { name: /^y/ })).toBeVisible();
  });
});

test("zh labs speak Chinese", async ({ page }) => {
  const lab = await openLab(page, "fill", "zh");
  await expect(lab.getByRole("button", { name: "显示代码" })).toBeVisible();
  await expect(lab.getByText("数据类型（dtype）")).toBeVisible();
  await expect(lab.getByRole("checkbox", { name: "第 0 行，第 1 列，已掩码" })).toBeVisible();
});

test("on a phone every lab fits its box: no grid scrolls sideways, no value is clipped", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const kind of KINDS) {
    const lab = await openLab(page, kind);
    await expect(lab.locator("table, [role=grid]").first()).toBeVisible();
    const clipped = await lab.evaluate((root) =>
      [...root.querySelectorAll<HTMLElement>("*")]
        .filter((el) => {
          if (el.closest("pre")) return false;
          const sideways = ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
          const field = el.matches(".value-input, .value-edit");
          return (sideways || field) && el.scrollWidth > el.clientWidth + 1;
        })
        .map((el) => `${el.tagName}.${el.className} ${el.scrollWidth}/${el.clientWidth}`),
    );
    expect(clipped, kind).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
  }
});
