// String literal decoding: prefixes, quotes and backslash escapes.

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

export function decodeEscapes(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[n];
    else if (n >= "0" && n <= "7") {
      let j = i;
      while (j < i + 3 && s[j] >= "0" && s[j] <= "7") j++;
      out += String.fromCodePoint(parseInt(s.slice(i, j), 8));
      i = j - 1;
    } else if (n === "x" || n === "u" || n === "U") {
      const len = n === "x" ? 2 : n === "u" ? 4 : 8;
      const hex = s.slice(i + 1, i + 1 + len);
      if (hex.length < len || !/^[0-9a-fA-F]+$/.test(hex)) {
        out += "\\" + n;
        continue;
      }
      const cp = parseInt(hex, 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
      i += len;
    } else if (n === "N") {
      out += "\\N";
    } else out += "\\" + n;
  }
  return out;
}

export interface StringParts {
  prefix: string;
  quoteLen: number;
}

export function stringParts(text: string): StringParts {
  const m = /^[a-zA-Z]*/.exec(text)![0];
  const rest = text.slice(m.length);
  const quoteLen = rest.startsWith('"""') || rest.startsWith("'''") ? 3 : 1;
  return { prefix: m.toLowerCase(), quoteLen };
}
