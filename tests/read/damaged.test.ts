/**
 * Damaged packages: truncated, bytes flipped in the zip, bytes flipped in the sheet XML. Every
 * outcome is either a Book or an InputError naming the file, never internal text.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { readBook } from "../../src/xlsx/read";
import { InputError } from "../../src/core/errors";
import { fixtureBuffer } from "../fixtures";

const INTERNAL = /Cannot read propert|undefined|Invalid string length|is not a function|stuk\.github|JSZip|\bat [\w.]+ \(/;

async function outcome(bytes: Uint8Array, name: string): Promise<string> {
  try {
    await readBook(Buffer.from(bytes), name);
    return "ok";
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const m = (err as Error).message;
    expect(m).toContain(name);
    expect(m).not.toMatch(INTERNAL);
    return "refused";
  }
}

// A small deterministic generator (no Math.random in tests).
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("damaged workbooks give a Book or a clear message", () => {
  let base: Uint8Array;
  beforeAll(async () => {
    base = new Uint8Array(await fixtureBuffer("variant-formulas"));
  });

  it("truncated at 24 points", async () => {
    const seen = new Set<string>();
    for (let i = 1; i <= 24; i++) seen.add(await outcome(base.subarray(0, Math.floor((base.length * i) / 25)), `cut-${i}.xlsx`));
    expect(seen.has("refused")).toBe(true);
  });

  it("bytes flipped in the zip at 40 places", async () => {
    const next = rng(7);
    for (let i = 0; i < 40; i++) {
      const b = base.slice();
      for (let k = 0; k < 4; k++) b[Math.floor(next() * b.length)] ^= 1 + Math.floor(next() * 255);
      await outcome(b, `flip-${i}.xlsx`);
    }
  });

  it("the sheet XML damaged at 40 places (re-zipped)", async () => {
    const files = unzipSync(base);
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]);
    const next = rng(11);
    const junk = ["<", ">", "&", '"', "</c>", "<c r=", "\u0000", "&#xFFFFFF;", "<f t=\"shared\" si=\"9\"/>", "<v>abc</v>", "s=\"99999\"", "r=\"ZZZZ0\""];
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(next() * sheet.length);
      const bad = sheet.slice(0, at) + junk[i % junk.length] + sheet.slice(at + (i % 3));
      await outcome(zipSync({ ...files, "xl/worksheets/sheet1.xml": strToU8(bad) }), `xml-${i}.xlsx`);
    }
  });
});
