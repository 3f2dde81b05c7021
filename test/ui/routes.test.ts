import { describe, expect, test } from "vitest";
import { pickLang, t } from "../../src/ui/i18n";
import {
  hrefTo,
  routeFromDataset,
  routeFromPath,
  routeDataAttributes,
  routePath,
  type Route,
} from "../../src/ui/routes";

const home: Route = { kind: "home", lang: "en" };
const zhHome: Route = { kind: "home", lang: "zh" };
const lesson: Route = { kind: "lesson", lang: "en", slug: "masked-fill" };
const zhPlay: Route = { kind: "playground", lang: "zh" };

describe("routes", () => {
  test("paths", () => {
    expect(routePath(home)).toBe("");
    expect(routePath(zhHome)).toBe("zh/");
    expect(routePath(lesson)).toBe("en/masked-fill/");
    expect(routePath({ kind: "cheatsheet", lang: "en" })).toBe("en/cheatsheet/");
  });

  test("every link is relative to the page it is on", () => {
    expect(hrefTo(home, home)).toBe("./");
    expect(hrefTo(home, lesson)).toBe("en/masked-fill/");
    expect(hrefTo(lesson, home)).toBe("../../");
    expect(hrefTo(lesson, zhPlay)).toBe("../../zh/playground/");
    expect(hrefTo(zhHome, home)).toBe("../");
    expect(hrefTo(zhHome, zhPlay)).toBe("../zh/playground/");
  });

  test("data attributes round-trip", () => {
    for (const r of [home, zhHome, lesson, zhPlay]) {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(routeDataAttributes(r))) {
        data[k.slice(5)] = v;
      }
      expect(routeFromDataset(data)).toEqual(r);
    }
    expect(routeFromDataset({ kind: "lesson", lang: "en" })).toBeNull();
    expect(routeFromDataset({ kind: "home", lang: "fr" })).toBeNull();
  });
});

describe("i18n", () => {
  test("picks the first language we have", () => {
    expect(pickLang(["zh-CN", "en"])).toBe("zh");
    expect(pickLang(["fr", "en-GB", "zh"])).toBe("en");
    expect(pickLang(["zh-Hant-TW"])).toBe("zh");
    expect(pickLang(["fr"])).toBeNull();
  });

  test("the glossary's terms for the notebook controls", () => {
    expect(t("zh", "run")).toBe("运行");
    expect(t("zh", "runAll")).toBe("全部运行");
    expect(t("en", "runAll")).toBe("Run all");
    expect(t("zh", "htmlLang")).toBe("zh-CN");
  });
});

describe("routeFromPath (dev server)", () => {
  test("reads the route from the tail of the path", () => {
    expect(routeFromPath("/")).toEqual({ kind: "home", lang: "en" });
    expect(routeFromPath("/zh/")).toEqual({ kind: "home", lang: "zh" });
    expect(routeFromPath("/sub/en/masked-fill/")).toEqual(lesson);
    expect(routeFromPath("/zh/playground")).toEqual(zhPlay);
  });
});

describe("lab routes", () => {
  const lab: Route = { kind: "lab", lang: "zh", lab: "fill" };
  test("sit three levels down and link back relatively", () => {
    expect(routePath(lab)).toBe("zh/labs/fill/");
    expect(hrefTo(lab, home)).toBe("../../../");
    expect(hrefTo(home, lab)).toBe("zh/labs/fill/");
    expect(routeFromPath("/x/zh/labs/fill/")).toEqual(lab);
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(routeDataAttributes(lab))) data[k.slice(5)] = v;
    expect(routeFromDataset(data)).toEqual(lab);
  });
});
