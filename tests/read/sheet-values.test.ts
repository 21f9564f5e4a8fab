// The in-place value parsers of the sheet reader give exactly what decoding and parseInt /
// parseFloat give, or hand the text back (NaN / -1) for the reader's usual path.
import { digitsAt, intAt, plainNumberAt, typeCodeAt, typeCodeOf, T_NUMBER, T_SHARED, T_STR, T_INLINE, T_BOOL, T_ERROR, T_DATE } from "../../src/xlsx/sheet-values";

const at = (s: string) => plainNumberAt(`<v>${s}</v>`, 3, 3 + s.length);

describe("plainNumberAt", () => {
  it("equals parseFloat on plain decimals", () => {
    const cases = ["0", "-0", "1", "-1", "72", "72.5", "0.1", "0.3", "1.", ".5", "-.5", "123456789012345", "0.000000000000001",
      "99999999999999.9", "3.14159265358979", "180000000", "1234.5678", "0000123", "-0.0", "4503599627370496", "9007199254740991"];
    for (const c of cases) {
      const n = at(c);
      if (Number.isNaN(n)) expect(c.replace(/[-.]/g, "").length).toBeGreaterThan(15);
      else expect(Object.is(n, parseFloat(c))).toBe(true);
    }
  });

  it("equals parseFloat on random decimals", () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 20000; k++) {
      const digits = 1 + Math.floor(rnd() * 15);
      let s = "";
      for (let i = 0; i < digits; i++) s += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      if (rnd() < 0.7) s = s.slice(0, dot) + "." + s.slice(dot);
      if (rnd() < 0.3) s = "-" + s;
      expect(Object.is(at(s), parseFloat(s))).toBe(true);
    }
  });

  it("leaves everything else to parseFloat (NaN)", () => {
    for (const c of ["", "-", ".", "1e5", "1E-3", "+1", " 1", "1 ", "1.2.3", "&#49;", "1234567890123456", "NaN", "Infinity", "0x10"]) {
      expect(at(c)).toBeNaN();
    }
  });
});

describe("digitsAt and intAt", () => {
  it("reads plain digits only", () => {
    const d = (s: string) => digitsAt(s, 0, s.length);
    expect(d("0")).toBe(0);
    expect(d("007")).toBe(7);
    expect(d("123456789")).toBe(123456789);
    expect(d("1234567890")).toBe(-1);
    expect(d("")).toBe(-1);
    expect(d("1a")).toBe(-1);
    expect(d(" 1")).toBe(-1);
  });

  it("intAt falls back to parseInt of the decoded text", () => {
    const i = (s: string) => intAt(s, 0, s.length);
    expect(i("12")).toBe(12);
    expect(i("&#49;2")).toBe(12);
    expect(i("12x")).toBe(12);
  });
});

describe("typeCodeAt", () => {
  it("gives the code of the decoded value", () => {
    const t = (s: string) => typeCodeAt(s, 0, s.length);
    expect(t("s")).toBe(T_SHARED);
    expect(t("str")).toBe(T_STR);
    expect(t("inlineStr")).toBe(T_INLINE);
    expect(t("b")).toBe(T_BOOL);
    expect(t("e")).toBe(T_ERROR);
    expect(t("d")).toBe(T_DATE);
    expect(t("n")).toBe(T_NUMBER);
    expect(t("x")).toBe(T_NUMBER);
    expect(t("&#115;")).toBe(T_SHARED);
    expect(t("st&#114;")).toBe(T_STR);
    expect(typeCodeOf("S")).toBe(T_NUMBER);
  });
});
