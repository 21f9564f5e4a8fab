import { evaluateFormula, formulaRefs, roundExcel, type FormulaHost } from "../../src/workbench/fake-excel/formula";
import type { Scalar } from "../../src/core/grid";
import { parseA1 } from "../../src/core/grid";

function host(sheets: Record<string, Record<string, Scalar | { v: Scalar; error: true }>>): FormulaHost {
  return {
    cell(sheet, r, c) {
      const s = Object.entries(sheets).find(([n]) => n.toLowerCase() === sheet.toLowerCase())?.[1];
      if (!s) return undefined;
      for (const [addr, v] of Object.entries(s)) {
        const p = parseA1(addr)!;
        if (p.r === r && p.c === c) return v !== null && typeof v === "object" ? v : { v };
      }
      return undefined;
    },
    sheetName(name) {
      return Object.keys(sheets).find((n) => n.toLowerCase() === name.toLowerCase());
    },
    extent() {
      return { rows: 100, cols: 30 };
    },
  };
}

const h = host({
  E81: { A1: 10, A2: 20, A3: "30", A4: null, A5: "teks", B1: 400, B2: 397, C1: 0, D1: true, E1: { v: "#REF!", error: true } },
  "Ringkasan Capaian": { A1: 5, B2: 7 },
});

const ev = (f: string) => evaluateFormula(f, "E81", h);

describe("formula evaluator", () => {
  test("NA() is #N/A (the chart helpers' missing value): IF keeps a number, IFNA and ISERROR see the error", () => {
    expect(ev("=NA()")).toEqual({ value: "#N/A", error: true });
    expect(ev("=IF(ISNUMBER(A1),A1,NA())")).toEqual({ value: 10 });
    expect(ev("=IF(ISNUMBER(A4),A4,NA())")).toEqual({ value: "#N/A", error: true });
    expect(ev('=IFNA(NA(),"kosong")').value).toBe("kosong");
    expect(ev("=ISERROR(NA())").value).toBe(true);
    expect(ev("=NA(1)").unsupported).toBeDefined();
  });

  test("arithmetic with Excel precedence", () => {
    expect(ev("=1+2*3").value).toBe(7);
    expect(ev("=(1+2)*3").value).toBe(9);
    expect(ev("=-2^2").value).toBe(4); // unary minus binds tighter than ^ in Excel
    expect(ev("=2^3^2").value).toBe(64); // left-associative
    expect(ev("=50%").value).toBe(0.5);
    expect(ev("=B2/B1*100").value).toBeCloseTo(99.25, 10);
    expect(ev('="a"&"b"&1').value).toBe("ab1");
  });

  test("cell and range references, other sheets, absolute refs", () => {
    expect(ev("=A1+A2").value).toBe(30);
    expect(ev("=$A$1*2").value).toBe(20);
    expect(ev("=A4").value).toBe(0); // a formula showing a blank cell shows 0
    expect(ev("=A4+1").value).toBe(1); // empty is 0 in arithmetic
    expect(ev("='Ringkasan Capaian'!A1+'Ringkasan Capaian'!B2").value).toBe(12);
    expect(ev("=SUM('Ringkasan Capaian'!A1:B2)").value).toBe(12);
    expect(ev("=Missing!A1")).toEqual({ value: "#REF!", error: true });
  });

  test("SUM and AVERAGE ignore text and blanks in ranges (numbers stored as text do not count)", () => {
    expect(ev("=SUM(A1:A5)").value).toBe(30);
    expect(ev("=AVERAGE(A1:A5)").value).toBe(15);
    expect(ev('=SUM(A1,"5")').value).toBe(15); // a typed text number is coerced
    expect(ev("=AVERAGE(A4:A5)")).toEqual({ value: "#DIV/0!", error: true });
    expect(ev("=SUM(A1:A2,B1)").value).toBe(430);
    expect(ev("=A3+1").value).toBe(31); // arithmetic coerces "30"
    expect(ev("=A5+1")).toEqual({ value: "#VALUE!", error: true });
  });

  test("IF, IFERROR, ROUND, AND, OR, comparisons", () => {
    expect(ev('=IF(B1=0,"",B2/B1*100)').value).toBeCloseTo(99.25, 10);
    expect(ev('=IF(C1=0,"",B2/C1*100)').value).toBe("");
    expect(ev('=IFERROR(B2/C1*100,"-")').value).toBe("-");
    expect(ev("=ROUND(2.345,2)").value).toBe(2.35);
    expect(ev("=ROUND(-2.5,0)").value).toBe(-3);
    expect(ev("=ROUND(1234.5678,-2)").value).toBe(1200);
    expect(ev("=AND(A1>5,A2>=20)").value).toBe(true);
    expect(ev("=OR(A1>50,D1)").value).toBe(true);
    expect(ev('=IF(AND(ISNUMBER(B1),B1<>0),ROUND(B2/B1*100,2),"")').value).toBe(99.25);
    expect(ev('=IF(B2/B1*100>=91,"Sangat Tinggi",IF(B2/B1*100>=76,"Tinggi","Sedang"))').value).toBe("Sangat Tinggi");
    expect(ev('="abc"="ABC"').value).toBe(true); // case-insensitive text comparison
    expect(ev('=1<"a"').value).toBe(true); // numbers sort before text
    expect(ev("=MIN(A1:A2)+MAX(A1:A2)").value).toBe(30);
  });

  test("errors propagate; division by zero", () => {
    expect(ev("=B1/C1")).toEqual({ value: "#DIV/0!", error: true });
    expect(ev("=E1+1")).toEqual({ value: "#REF!", error: true });
    expect(ev("=IFERROR(E1,0)").value).toBe(0);
    expect(ev("=SUM(E1,A1)")).toEqual({ value: "#REF!", error: true });
  });

  test("unknown functions and names are reported as unsupported, not guessed", () => {
    const r = ev("=VLOOKUP(A1,A1:B2,2,FALSE)");
    expect(r.value).toBeNull();
    expect(r.unsupported).toMatch(/VLOOKUP/);
    expect(ev("=MyName*2").unsupported).toMatch(/name/);
    expect(ev("=1+").unsupported).toBeDefined();
  });

  test("roundExcel is half away from zero without binary noise", () => {
    expect(roundExcel(1.005, 2)).toBe(1.01);
    expect(roundExcel(0.285, 2)).toBe(0.29);
    expect(roundExcel(-0.5, 0)).toBe(-1);
    expect(roundExcel(91.5, 0)).toBe(92);
  });

  test("formulaRefs lists references with sheets", () => {
    expect(formulaRefs("=SUM(F18:F20)+'My Sheet'!$B$2")).toEqual([
      { sheet: undefined, r1: 17, c1: 5, r2: 19, c2: 5 },
      { sheet: "My Sheet", r1: 1, c1: 1, r2: 1, c2: 1 },
    ]);
  });
});

describe("functions the summary sheets use", () => {
  const s = host({
    R: {
      B1: "Program", B2: "Kegiatan", B3: "Program", B4: "Program", B5: "Sasaran",
      G1: 90, G2: 50, G3: "-", G4: 70, G5: 100,
      L1: "Sangat Tinggi", L2: "Tinggi", L3: "Sangat Tinggi", L4: null, L5: "Sangat Tinggi",
    },
  });
  const e = (f: string) => evaluateFormula(f, "R", s);

  test("COUNTIF / COUNTIFS with =, <>, comparison and wildcard criteria", () => {
    expect(e('=COUNTIF($L$1:$L$5,"=Sangat Tinggi")').value).toBe(3);
    expect(e('=COUNTIF(L1:L5,"sangat*")').value).toBe(3);
    expect(e('=COUNTIF(L1:L5,"")').value).toBe(1);
    expect(e('=COUNTIF(L1:L5,"<>Tinggi")').value).toBe(4);
    expect(e('=COUNTIF(G1:G5,">=70")').value).toBe(3);
    expect(e("=COUNTIF(G1:G5,90)").value).toBe(1);
    expect(e('=COUNTIFS($B$1:$B$5,"=Program",$L$1:$L$5,"=Sangat Tinggi")').value).toBe(2);
  });

  test("SUMIF, AVERAGEIF and SUMPRODUCT over array arithmetic", () => {
    expect(e('=SUMIF(B1:B5,"=Program",G1:G5)').value).toBe(160);
    expect(e('=AVERAGEIF(B1:B5,"=Program",G1:G5)').value).toBe(80);
    expect(e('=AVERAGEIF(B1:B5,"=Urusan",G1:G5)')).toEqual({ value: "#DIV/0!", error: true });
    expect(e('=SUMPRODUCT((B1:B5="Program")*ISNUMBER(G1:G5))').value).toBe(2);
    expect(e('=IF(SUMPRODUCT(($B$1:$B$5="Program")*ISNUMBER($G$1:$G$5))=0,"",AVERAGEIF($B$1:$B$5,"=Program",$G$1:$G$5))').value).toBe(80);
    expect(e("=SUMPRODUCT(G1:G2,G4:G5)").value).toBe(90 * 70 + 50 * 100);
    expect(e("=G1:G2*2")).toEqual({ value: "#VALUE!", error: true }); // no spilling: implicit intersection fails
  });
});
