// The CodeMirror editor, loaded on demand: this module and CodeMirror live in their own chunk
// so a page that is only read never downloads them.

import { minimalSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";

export interface EditorHandle {
  setDoc(text: string): void;
  focus(): void;
  /** Re-measure after the editor's host becomes visible (it is mounted while hidden). */
  remeasure(): void;
  destroy(): void;
}

export interface EditorOptions {
  doc: string;
  label: string;
  placeholder: string;
  onChange(text: string): void;
  onRun(): void;
}

// CodeMirror injects its styles at runtime. In a document that means a <style> element, which
// the site's CSP (style-src 'self') refuses; inside a shadow root it uses a constructed
// stylesheet instead, which CSP allows. So each editor lives in its own shadow root and its
// look is set here rather than in styles.css. Custom properties do cross the shadow boundary:
// --cell-code-size lets the page size the code (the walkthrough enlarges it for projection).
const theme = EditorView.theme({
  "&": {
    backgroundColor: "#f4f5f7",
    fontSize: "var(--cell-code-size, 15px)",
    minHeight: "2.6rem",
  },
  "&.cm-focused": { outline: "3px solid #c2410c", outlineOffset: "-3px" },
  ".cm-scroller": {
    fontFamily:
      'ui-monospace, "SF Mono", "Cascadia Mono", "Roboto Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
    lineHeight: "1.5",
  },
  ".cm-content": { padding: "0.7rem 0" },
  ".cm-gutters": { backgroundColor: "#f4f5f7", color: "#555b63", border: "none" },
});

export function mountEditor(host: HTMLElement, options: EditorOptions): EditorHandle {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        theme,
        placeholder(options.placeholder),
        minimalSetup,
        python(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        Prec.highest(
          keymap.of([
            {
              key: "Shift-Enter",
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    setDoc(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus() {
      view.focus();
    },
    remeasure() {
      view.requestMeasure();
    },
    destroy() {
      view.destroy();
    },
  };
}
