// A standalone page for developing and testing the labs before the site routes them: the same
// CSP as the site, /{en|zh}/labs/{kind}/ paths, the site's stylesheet.

import { createRoot } from "react-dom/client";
import { LabPage } from "../LabPage";
import { LAB_KINDS, type LabKind } from "../types";
import "../../styles.css";
import "../index";

const m = /\/(en|zh)\/labs\/([a-z]+)\/?$/.exec(window.location.pathname);
const lang = m?.[1] === "zh" ? "zh" : "en";
const kind = (m && (LAB_KINDS as readonly string[]).includes(m[2]) ? m[2] : "fill") as LabKind;
document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <main className="page lab-harness">
      <LabPage kind={kind} lang={lang} />
    </main>,
  );
