// Every lab renders on the server (no window, no DOM) in both languages, with the roles and
// names the browser tests rely on; the prerenderer and hydration need exactly this.
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import AliasLab from "../../../src/ui/labs/alias/AliasLab";
import AutogradLab from "../../../src/ui/labs/autograd/AutogradLab";
import FillLab from "../../../src/ui/labs/fill/FillLab";
import MaskLab from "../../../src/ui/labs/mask/MaskLab";
import SoftmaxLab from "../../../src/ui/labs/softmax/SoftmaxLab";
import { encodeState } from "../../../src/ui/labs/codecs";
import { fillDefaults } from "../../../src/ui/labs/fill/model";
import { LabPage } from "../../../src/ui/labs/LabPage";
import type { LabProps } from "../../../src/ui/labs/types";

const LABS: [string, (p: LabProps) => React.ReactNode][] = [
  ["mask", MaskLab],
  ["fill", FillLab],
  ["alias", AliasLab],
  ["softmax", SoftmaxLab],
  ["autograd", AutogradLab],
];

describe("server rendering", () => {
  for (const [kind, Lab] of LABS) {
    for (const lang of ["en", "zh"] as const) {
      it(`${kind} (${lang})`, () => {
        const html = renderToString(<Lab lang={lang} />);
        expect(html).toContain('role="grid"');
        expect(html).toContain('role="checkbox"');
        expect(html).toContain(lang === "en" ? "Show code" : "显示代码");
        expect(html).not.toContain("stateNotice");
      });
    }
  }

  it("names each mask cell by row, column and state", () => {
    const html = renderToString(<MaskLab lang="en" />);
    expect(html).toContain('aria-label="row 0, column 1, masked"');
    expect(html).toContain('aria-label="row 1, column 0, not masked"');
    expect(html.match(/role="gridcell"/g)).toHaveLength(64);
  });

  it("a fill-lab state given as text is the state rendered", () => {
    const state = encodeState("fill", { ...fillDefaults(), steps: ["in"] });
    const html = renderToString(<FillLab lang="en" state={state} />);
    expect(html).toContain("-inf");
    expect(html).toMatch(/x\._version<\/code><\/dt><dd><code>1</);
  });

  it("a malformed state shows the notice and the defaults", () => {
    const html = renderToString(<FillLab lang="zh" state="%%%" />);
    expect(html).toContain("无法读取链接中的实验状态");
  });

  it("the standalone page waits for the client before reading the URL", () => {
    const html = renderToString(<LabPage kind="fill" lang="en" />);
    expect(html).toContain("<h1>masked_fill lab</h1>");
    expect(html).toContain("Loading the lab");
  });
});
