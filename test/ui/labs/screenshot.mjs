/* global process, console */
// Dev tool: screenshot a lab of the harness (see src/ui/labs/harness). node test/ui/labs/screenshot.mjs /en/labs/fill/ out.png
import { chromium } from "@playwright/test";
const [, , path, out, w = "1100"] = process.argv;
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const p = await b.newPage({ viewport: { width: Number(w), height: 900 } });
const errs = [];
p.on("console", (m) => {
  if (m.type() === "error" || m.type() === "warning") errs.push(m.text());
});
p.on("pageerror", (e) => errs.push(e.message));
await p.goto("http://127.0.0.1:" + (process.env.MASKLAB_LABS_PORT ?? "4471") + "" + path);
await p.waitForTimeout(800);
if (process.env.ACTIONS) {
  for (const a of process.env.ACTIONS.split(";")) {
    const [k, v] = a.split("=");
    if (k === "click") await p.getByRole("button", { name: v }).first().click();
    if (k === "wait") await p.waitForTimeout(Number(v));
  }
  await p.waitForTimeout(300);
}
await p.screenshot({ path: out, fullPage: true });
console.log(JSON.stringify(errs));
await b.close();
