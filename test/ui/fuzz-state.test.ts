// Garbage in a lab's ?state= must never break the page: decodeState always answers with a
// usable state (defaults plus a notice when the text was not a state), never throws, and
// whatever it answers survives another encode/decode round unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codecFor, decodeState, encodeState } from "../../src/ui/labs/codecs";
import { toBase64Url } from "../../src/ui/labs/state";
import { LAB_KINDS } from "../../src/ui/labs/types";

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

/** JSON that looks like a state: the field names the codecs use, with any values. */
const jsonish = fc.dictionary(
  fc.constantFrom("v", "m", "r", "c", "d", "k", "x", "s", "t", "mode", "value", "dtype", "shape"),
  fc.oneof(
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("inf", "-inf", "nan", "-0"),
    fc.array(fc.oneof(fc.integer({ min: -3, max: 1e6 }), fc.double(), fc.string()), {
      maxLength: 80,
    }),
  ),
);

const b64 = (s: string) => toBase64Url(new TextEncoder().encode(s));

const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
  fc.stringMatching(/^[A-Za-z0-9_.-]{0,300}$/),
  jsonish.map((j) => b64(JSON.stringify(j))),
  fc
    .tuple(jsonish, fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/))
    .map(([j, m]) => `${b64(JSON.stringify(j))}.${m}`),
  fc.anything().map((a) => b64(JSON.stringify(a) ?? "null")),
);

function stable(kind: (typeof LAB_KINDS)[number], state: unknown): void {
  const text = encodeState(kind, state);
  expect(typeof text).toBe("string");
  expect(text).toMatch(/^[A-Za-z0-9_.-]*$/);
  const again = decodeState(kind, text);
  expect(again.notice).toBeNull();
  expect(encodeState(kind, again.state)).toBe(text);
}

describe("lab state codecs under garbage", () => {
  for (const kind of LAB_KINDS) {
    it(`${kind}: any ?state= decodes to a usable state without throwing`, () => {
      const defaults = encodeState(kind, codecFor(kind).defaults());
      fc.assert(
        fc.property(garbage, (text) => {
          const decoded = decodeState(kind, text);
          expect(decoded.notice === null || decoded.notice === "malformed").toBe(true);
          if (decoded.notice === "malformed") {
            expect(encodeState(kind, decoded.state)).toBe(defaults);
          }
          stable(kind, decoded.state);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  }

  it("an empty or missing state is the defaults, without a notice", () => {
    for (const kind of LAB_KINDS) {
      for (const text of ["", null, undefined]) {
        const d = decodeState(kind, text);
        expect(d.notice).toBeNull();
        expect(encodeState(kind, d.state)).toBe(encodeState(kind, codecFor(kind).defaults()));
      }
    }
  });
});
