// <masklab-fill>, <masklab-alias>, <masklab-softmax>, <masklab-autograd>, <masklab-mask>: the
// labs as custom elements, for any page, with one module script. Each element renders into its
// own shadow root, styled by constructed stylesheets (adoptedStyleSheets), which a strict
// style-src policy on the host page does not block the way a <style> element would be.

import { createRoot, type Root } from "react-dom/client";
import { Lab } from "../labs/Lab";
import type { LabKind } from "../labs/types";
import { cleanState, EMBED_KINDS } from "../embed/protocol";
import hostCss from "./host.css?inline";
import labsCss from "../labs/labs.css?inline";

let sheets: CSSStyleSheet[] | null = null;
function styleSheets(): CSSStyleSheet[] {
  if (!sheets) {
    const host = new CSSStyleSheet();
    host.replaceSync(hostCss);
    const labs = new CSSStyleSheet();
    labs.replaceSync(labsCss);
    sheets = [host, labs];
  }
  return sheets;
}

function elementClass(kind: LabKind): CustomElementConstructor {
  return class MaskLabElement extends HTMLElement {
    static observedAttributes = ["state", "lang"];
    private root: Root | null = null;
    private mount: HTMLDivElement | null = null;
    /** Bumped when an attribute changes, so the lab starts again from the new state. */
    private generation = 0;

    connectedCallback(): void {
      if (!this.mount) {
        const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
        shadow.adoptedStyleSheets = styleSheets();
        this.mount = document.createElement("div");
        shadow.append(this.mount);
      }
      this.root ??= createRoot(this.mount);
      this.renderLab();
    }

    disconnectedCallback(): void {
      // Unmounted a tick later: moving the element around the document reconnects it at once.
      queueMicrotask(() => {
        if (this.isConnected || !this.root) return;
        this.root.unmount();
        this.root = null;
      });
    }

    attributeChangedCallback(name: string, before: string | null, after: string | null): void {
      if (before === after || !this.root) return;
      if (name === "state") this.generation++;
      this.renderLab();
    }

    private renderLab(): void {
      const lang = this.getAttribute("lang") === "zh" ? "zh" : "en";
      const state = cleanState(this.getAttribute("state"));
      this.root?.render(
        <div lang={lang === "zh" ? "zh-CN" : "en"}>
          <Lab
            key={this.generation}
            kind={kind}
            lang={lang}
            state={state}
            onStateChange={(encoded) =>
              this.dispatchEvent(
                new CustomEvent("masklab-state", {
                  detail: { kind, state: encoded },
                  bubbles: true,
                }),
              )
            }
          />
        </div>,
      );
    }
  };
}

for (const kind of EMBED_KINDS) {
  const name = `masklab-${kind}`;
  if (!customElements.get(name)) customElements.define(name, elementClass(kind));
}
