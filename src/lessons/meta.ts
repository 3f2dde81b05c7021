// Reads `export const meta = {…}` from a lesson without evaluating it: the site runs under a
// CSP that forbids eval, and a literal reader also works in Node at build time.

import { matchingBrace } from "./scan";

export interface LessonMeta {
  readonly title: string;
  readonly summary: string;
  readonly order: number;
}

type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

export function parseMeta(source: string): LessonMeta {
  const m = /^export\s+const\s+meta\s*=\s*/m.exec(source);
  if (!m) throw new Error("missing `export const meta = {…}`");
  const open = m.index + m[0].length;
  if (source[open] !== "{") throw new Error("meta must be an object literal");
  const close = matchingBrace(source, open);
  if (close < 0) throw new Error("meta object is not closed");
  const value = new LiteralReader(source.slice(open, close + 1)).readAll();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("meta must be an object literal");
  }
  const { title, summary, order } = value;
  if (typeof title !== "string" || title === "") throw new Error("meta.title must be a string");
  if (typeof summary !== "string") throw new Error("meta.summary must be a string");
  if (typeof order !== "number") throw new Error("meta.order must be a number");
  return { title, summary, order };
}

class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  readAll(): Literal {
    const v = this.value();
    this.space();
    if (this.pos !== this.text.length) this.fail("unexpected text");
    return v;
  }

  private fail(what: string): never {
    throw new Error(`meta: ${what} at offset ${this.pos}`);
  }

  private space(): void {
    const re = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
    re.lastIndex = this.pos;
    re.exec(this.text);
    this.pos = re.lastIndex;
  }

  private value(): Literal {
    this.space();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'" || c === "`") return this.string();
    const word = /-?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|true|false|null/y;
    word.lastIndex = this.pos;
    const m = word.exec(this.text);
    if (!m) this.fail("expected a literal");
    this.pos = word.lastIndex;
    if (m[0] === "true") return true;
    if (m[0] === "false") return false;
    if (m[0] === "null") return null;
    return Number(m[0]);
  }

  private object(): Literal {
    const out: { [key: string]: Literal } = {};
    this.pos++;
    for (;;) {
      this.space();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return out;
      }
      let key: string;
      const c = this.text[this.pos];
      if (c === '"' || c === "'") key = this.string();
      else {
        const id = /[A-Za-z_$][\w$]*/y;
        id.lastIndex = this.pos;
        const m = id.exec(this.text);
        if (!m) this.fail("expected a key");
        key = m[0];
        this.pos = id.lastIndex;
      }
      this.space();
      if (this.text[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      out[key] = this.value();
      this.space();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "}") this.fail("expected ',' or '}'");
    }
  }

  private array(): Literal {
    const out: Literal[] = [];
    this.pos++;
    for (;;) {
      this.space();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.space();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "]") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === quote) return out;
      if (quote === "`" && c === "$" && this.text[this.pos] === "{") {
        this.fail("template substitutions are not supported");
      }
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        b: "\b",
        f: "\f",
        v: "\v",
        0: "\0",
      };
      if (e in simple) out += simple[e];
      else if (e === "u") {
        const braced = this.text[this.pos] === "{";
        const m = braced ? /\{([0-9a-fA-F]+)\}/y : /([0-9a-fA-F]{4})/y;
        m.lastIndex = this.pos;
        const hex = m.exec(this.text);
        if (!hex) this.fail("bad \\u escape");
        out += String.fromCodePoint(parseInt(hex[1], 16));
        this.pos = m.lastIndex;
      } else if (e === "\n") continue;
      else out += e;
    }
    this.fail("unterminated string");
  }
}
