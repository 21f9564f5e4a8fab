import {
  GRADES,
  detectNumberStyle,
  gradeOf,
  gradeRank,
  isGrade,
  isPlaceholder,
  numberOf,
  numericValue,
  parseValue,
} from "../../src/core/value";

type Expect = {
  value?: number;
  kind?: string;
  style?: "id" | "us";
  unit?: string;
  percent?: boolean;
  currency?: boolean;
  ambiguous?: boolean;
  multiplier?: number;
};

function check(raw: string, e: Expect, style?: "id" | "us"): void {
  const p = parseValue(raw, style ? { style } : {});
  const got: Expect = { kind: p.kind };
  if (e.value !== undefined) got.value = p.value;
  if ("style" in e) got.style = p.style;
  if ("unit" in e) got.unit = p.unit;
  if ("percent" in e) got.percent = p.percent ?? false;
  if ("currency" in e) got.currency = p.currency ?? false;
  if ("ambiguous" in e) got.ambiguous = p.ambiguous ?? false;
  if ("multiplier" in e) got.multiplier = p.multiplier;
  expect({ raw, ...got }).toEqual({ raw, kind: "number", ...e });
}

describe("numbers stored as text, Indonesian style (seed strings)", () => {
  test.each<[string, number]>([
    ["23.248.661.133", 23248661133],
    ["5.854.613.801", 5854613801],
    ["981.330.000", 981330000],
    ["5.000.000", 5000000],
    ["1.234.567,00", 1234567],
    ["15.534.464.918,61", 15534464918.61],
    ["390.304.000,00", 390304000],
    ["844.526.000,00", 844526000],
    ["45,11", 45.11],
    ["99,69", 99.69],
    ["0,00", 0],
    ["100,00", 100],
    ["1,01", 1.01],
    ["0,3", 0.3],
    ["3.537.597.309.237.210", 3537597309237210],
  ])("%s", (raw, value) => check(raw, { value, style: "id", ambiguous: false }));
});

describe("numbers stored as text, US style (seed strings)", () => {
  test.each<[string, number]>([
    ["11,238,069,445", 11238069445],
    ["24,302,250", 24302250],
    ["446,251,600", 446251600],
    ["6,313,270,100", 6313270100],
    ["92.95", 92.95],
    ["1,234.5", 1234.5],
    ["11,238,069,445.00", 11238069445],
    ["0.500", 0.5],
    ["1234.567", 1234.567],
  ])("%s", (raw, value) => check(raw, { value, style: "us", ambiguous: false }));
});

describe("ambiguous separators follow the column style", () => {
  test("1.234 defaults to id thousands", () => check("1.234", { value: 1234, style: "id", ambiguous: true }));
  test("1.234 in a US column", () => check("1.234", { value: 1.234, style: "us", ambiguous: true }, "us"));
  test("1,234 in a US column", () => check("1,234", { value: 1234, style: "us", ambiguous: true }, "us"));
  test("1,234 defaults to id decimal", () => check("1,234", { value: 1.234, style: "id", ambiguous: true }));
  test("450.000 in an id column", () => check("450.000", { value: 450000, ambiguous: true }, "id"));
  test("unambiguous text ignores the column style", () => {
    check("45,11", { value: 45.11, style: "id", ambiguous: false }, "us");
    check("11,238,069,445", { value: 11238069445, style: "us", ambiguous: false }, "id");
  });
  test("plain integers carry no style", () => check("2023", { value: 2023, style: undefined }));
});

describe("currency", () => {
  test.each<[string, number]>([
    ["Rp10.489.913.260.792", 10489913260792],
    ["Rp 31.685.169.826,-", 31685169826],
    ["Rp. 1.500.000", 1500000],
    ["Rp. 50.000.000.000", 50000000000],
    ["Rp.18.424.991.230,-", 18424991230],
    ["Rp. 51.000.000.000,", 51000000000],
    ["Rp. 51.000.000.000.", 51000000000],
    ["Rp 31.451.900,00.", 31451900],
    ["Rp. 4.119.148.065,35", 4119148065.35],
    ["Rp12.500,00", 12500],
    ["Rp. 825.273", 825273],
    ["Rp 0", 0],
    ["IDR 1.500.000", 1500000],
    ["idr 2,500,000", 2500000],
    ["rp 1.234", 1234],
    ["31.685.169.826,-", 31685169826],
    ["1.500.000 rupiah", 1500000],
  ])("%s", (raw, value) => check(raw, { value, currency: true, ambiguous: false }));
  test("US-style rupiah", () => check("Rp 11,238,069,445", { value: 11238069445, currency: true, style: "us" }));
  test("Rp. 1,234 is thousands, not decimals", () => check("Rp. 1,234", { value: 1234, currency: true, ambiguous: false }));
});

describe("percent", () => {
  test.each<[string, number, "id" | "us" | undefined]>([
    ["92,95%", 92.95, "id"],
    ["92.95 %", 92.95, "us"],
    ["100%", 100, undefined],
    ["100 %", 100, undefined],
    ["0%", 0, undefined],
    ["5.1%", 5.1, "us"],
    ["6.5 %", 6.5, "us"],
    ["81,5 %", 81.5, "id"],
    ["16,24%", 16.24, "id"],
    ["14,8%", 14.8, "id"],
    ["87,08 %", 87.08, "id"],
    ["232%", 232, undefined],
    ["12,345%", 12.345, "id"],
    ["-2,5%", -2.5, "id"],
    ["75 persen", 75, undefined],
  ])("%s", (raw, value, style) => check(raw, { value, percent: true, style, unit: undefined }));
  test("percent is never a unit", () => expect(parseValue("100 %").unit).toBeUndefined());
  test("percent followed by text is text", () => expect(parseValue("100% tercapai").kind).toBe("text"));
});

describe("multipliers", () => {
  test.each<[string, number, number]>([
    ["2,5 T", 2.5e12, 1e12],
    ["51 M", 51e9, 1e9],
    ["1,2 Jt", 1.2e6, 1e6],
    ["1,2 juta", 1.2e6, 1e6],
    ["3 Miliar", 3e9, 1e9],
    ["5 Milyar rupiah", 5e9, 1e9],
    ["7,5 Triliun", 7.5e12, 1e12],
    ["500 rb", 500e3, 1e3],
    ["250 ribu", 250e3, 1e3],
    ["1.25 M", 1.25e9, 1e9],
    ["Rp 2,5 T", 2.5e12, 1e12],
    ["Rp. 825.273 Milyar", 825.273e9, 1e9],
    ["358.37 Milyar rupiah", 358.37e9, 1e9],
  ])("%s", (raw, value, multiplier) => check(raw, { value, multiplier }));
  test("lower-case m is metres, a unit", () => check("5 m", { value: 5, unit: "m", multiplier: undefined }));
  test("currency suffix after multiplier", () => expect(parseValue("5 Milyar rupiah").currency).toBe(true));
});

describe("quantity with unit", () => {
  test.each<[string, number, string]>([
    ["50 kop", 50, "kop"],
    ["24 ASN", 24, "ASN"],
    ["400 UM", 400, "UM"],
    ["88 orang / 12 bulan", 88, "orang / 12 bulan"],
    ["4 kategori", 4, "kategori"],
    ["1 dok", 1, "dok"],
    ["5 Dokumen", 5, "Dokumen"],
    ["100 Unit Usaha", 100, "Unit Usaha"],
    ["3 fasilitasi", 3, "fasilitasi"],
    ["7 rekening", 7, "rekening"],
    ["2 pelaku usaha", 2, "pelaku usaha"],
    ["45 stel", 45, "stel"],
    ["12 Laporan", 12, "Laporan"],
    ["2 jasa layanan", 2, "jasa layanan"],
    ["2 Kali", 2, "Kali"],
    ["1.500 orang", 1500, "orang"],
    ["2,5 km", 2.5, "km"],
    ["1 (satu) dokumen", 1, "dokumen"],
    ["10 m2", 10, "m2"],
    ["0,7 km", 0.7, "km"],
    ["77.93 poin", 77.93, "poin"],
    ["12Laporan", 12, "Laporan"],
    ["200orang", 200, "orang"],
    ["220 usaha mikro", 220, "usaha mikro"],
    ["12.000 unit", 12000, "unit"],
  ])("%s", (raw, value, unit) => check(raw, { value, unit }));
  test("unit numbers are from text", () => expect(parseValue("50 kop").fromText).toBe(true));
});

describe("placeholders", () => {
  test.each([
    "-",
    "–",
    "—",
    "--",
    "- %",
    "-%",
    "Rp -",
    "Rp. -",
    "Belum dapat diukur",
    "Belum dapat diukur menunggu release BPS",
    "Belum dapat diukur (data dari BPS)",
    "Menunggu data BPS",
    "Menuunggu data BPS",
    "Menunggu Rilis PDRB oleh BPS 2024",
    "Menunggu rilis PDRB oleh BPS 2024",
    "Menunggu Rilis resmi BPS 2024",
    "Tidak dapat diukur",
    "Tidak dapat diukur karena menunggu release data BPS",
    "N/A",
    "n/a",
    "n.a",
    "N.A.",
    "NA",
    "TBD",
    "…",
    "...",
  ])("%s", (raw) => {
    const p = parseValue(raw);
    expect(p.kind).toBe("placeholder");
    expect(p.value).toBeUndefined();
    expect(p.placeholder).toBe(raw);
    expect(isPlaceholder(raw)).toBe(true);
    expect(numberOf(raw)).toBeUndefined();
  });
  test("- % carries the percent sign", () => expect(parseValue("- %").percent).toBe(true));
  test("Rp - carries the currency", () => expect(parseValue("Rp -").currency).toBe(true));
  test("zero is not a placeholder", () => expect(parseValue("0").kind).toBe("number"));
});

describe("grades", () => {
  test.each<[string, string]>([
    ["AA", "AA"],
    ["A", "A"],
    ["BB", "BB"],
    ["B", "B"],
    ["CC", "CC"],
    ["C", "C"],
    ["D", "D"],
    ["bb", "BB"],
    [" A ", "A"],
    ["Predikat BB", "BB"],
    ["predikat: A", "A"],
    ["BB (Sangat Baik)", "BB"],
  ])("%s", (raw, grade) => {
    const p = parseValue(raw);
    expect(p.kind).toBe("grade");
    expect(p.grade).toBe(grade);
    expect(isGrade(raw)).toBe(true);
    expect(gradeOf(raw)).toBe(grade);
  });
  test("a lone lower-case letter is a list label, not a grade", () => {
    expect(parseValue("a").kind).toBe("text");
    expect(parseValue("d").kind).toBe("text");
    expect(gradeOf("Predikat b")).toBe("B");
  });
  test.each(["E", "AAA", "a.", "Baik", "II", "BBB", "Sangat Baik", "D1", "D4/S1"])("%s is not a grade", (raw) => {
    expect(parseValue(raw).kind).not.toBe("grade");
  });
  test("ordering", () => {
    expect(GRADES).toEqual(["AA", "A", "BB", "B", "CC", "C", "D"]);
    expect(gradeRank("AA")).toBeLessThan(gradeRank("BB"));
    expect(gradeRank("bb")).toBe(2);
    expect(gradeRank("E")).toBe(-1);
  });
});

describe("text stays text", () => {
  test.each([
    "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
    "2.17.02.2.01.0001",
    "2.17.02",
    "1.1.2",
    "01",
    "0001",
    "08.00",
    "2. Program",
    "5.",
    "1.1 Program Pengembangan Ekspor",
    "(4)",
    "12 = 8+9+10+11",
    "14 = 13/5 x 100%",
    "2023 tentang Perdagangan",
    "2023-01-05",
    "12/03/2023",
    "Rp",
    "Rp. (000)",
    "Realisasi",
    "IKU",
    "I",
    "IV",
    "K",
    "%",
    "Data BPS",
    "BPS Th. 2024",
    "#DIV/0!",
    "1 : 2",
    "Nomor 53 Tahun 2014 tentang Pedoman Evaluasi",
    // broken groupings in the seeds: not readable as one number
    "1.200.87",
    "76.811.30",
    "8.000.000.0",
    "3.540. 448. 465.876.250",
    "0 (0%)",
    "156.238.585 (1%)",
    "- Rp 210.387.629.455",
    "Nilai Sakip OPD : 77,92",
    "≤ 50",
    "6=4/5*100",
    "1) Angka Pertumbuhan Koperasi Berkualitas",
    "Jl. Mastrip 155 Kota Probolinggo Kode Pos 67213",
  ])("%s", (raw) => {
    expect(parseValue(raw).kind).toBe("text");
    expect(numberOf(raw)).toBeUndefined();
  });
  test("booleans are text", () => expect(parseValue(true).kind).toBe("text"));
});

describe("real numbers and empty", () => {
  test("number", () => {
    const p = parseValue(11238069445);
    expect(p).toMatchObject({ kind: "number", value: 11238069445 });
    expect(p.fromText).toBeUndefined();
    expect(p.style).toBeUndefined();
  });
  test("empty", () => {
    expect(parseValue(null).kind).toBe("empty");
    expect(parseValue("").kind).toBe("empty");
    expect(parseValue("   ").kind).toBe("empty");
    expect(parseValue("\u00a0").kind).toBe("empty");
  });
  test("non-breaking space inside", () => check("Rp\u00a031.685.169.826,-", { value: 31685169826, currency: true }));
  test("negative numbers", () => {
    check("-5", { value: -5 });
    check("-1.234.567,50", { value: -1234567.5, style: "id" });
    check("\u22123,5", { value: -3.5 });
  });
  test("raw is kept", () => expect(parseValue(" 45,11 ").raw).toBe(" 45,11 "));
});

describe("decimals as written", () => {
  test.each<[string, number]>([
    ["92,95%", 2],
    ["1.234.567,00", 2],
    ["2,5 T", 1],
    ["23.248.661.133", 0],
    ["92.950 %", 3],
    ["100", 0],
    ["Rp 31.685.169.826,-", 0],
    ["19,588,445.60", 2],
  ])("%s", (raw, d) => expect(parseValue(raw).decimals).toBe(d));
  test("1.234 read as decimals in a US column", () => expect(parseValue("1.234", { style: "us" }).decimals).toBe(3));
  test("real numbers have none", () => expect(parseValue(1.5).decimals).toBeUndefined());
});

describe("understood", () => {
  test("describes the reading", () => {
    expect(parseValue("11,238,069,445").understood).toBe("angka 11238069445 dari teks (format US)");
    expect(parseValue("92,95%").understood).toContain("persen 92.95");
    expect(parseValue("Rp 31.685.169.826,-").understood).toContain("rupiah 31685169826");
    expect(parseValue("50 kop").understood).toContain('satuan "kop"');
    expect(parseValue("1.234").understood).toContain("ambigu");
    expect(parseValue("-").understood).toContain("placeholder");
    expect(parseValue("BB").understood).toBe("predikat BB");
  });
});

describe("detectNumberStyle", () => {
  test("Indonesian evidence", () => {
    expect(detectNumberStyle(["45,11", "1.234"])).toBe("id");
    expect(detectNumberStyle(["1.234.567", "1.234", null, 5])).toBe("id");
  });
  test("US evidence", () => {
    expect(detectNumberStyle(["11,238,069,445", "1,234"])).toBe("us");
    expect(detectNumberStyle(["1,234.5"])).toBe("us");
    expect(detectNumberStyle(["92.95", "1.234", "-"])).toBe("us");
  });
  test("ambiguous only or nothing → id", () => {
    expect(detectNumberStyle(["1.234", "5.678"])).toBe("id");
    expect(detectNumberStyle([])).toBe("id");
    expect(detectNumberStyle([1, 2, "Program", "-"])).toBe("id");
  });
  test("majority wins, tie goes to id", () => {
    expect(detectNumberStyle(["11,238,069,445", "24,302,250", "45,11"])).toBe("us");
    expect(detectNumberStyle(["11,238,069,445", "45,11"])).toBe("id");
  });
  test("column style then decides the ambiguous value", () => {
    const col = ["24,302,250", "1,234", "446,251,600"];
    const style = detectNumberStyle(col);
    expect(numberOf("1,234", style)).toBe(1234);
  });
  test("readings fixed by Rp, % or a multiplier are no evidence", () => {
    expect(detectNumberStyle(["Rp. 825.273 Milyar", "12.345%", "Rp 1,234", "45,11"])).toBe("id");
    expect(detectNumberStyle(["Rp 1.234", "12,345%", "1,234.5"])).toBe("us");
  });
  test('without structural evidence, "x,000" values suggest thousands grouping', () => {
    expect(detectNumberStyle(["10,000", "25,000", "1,250"])).toBe("us");
    expect(detectNumberStyle(["10.000", "25.000"])).toBe("id");
    expect(detectNumberStyle(["10,000", "45,11"])).toBe("id"); // real evidence wins
    expect(detectNumberStyle(["1,250", "3,125"])).toBe("id");
  });
  test("US numbers with decimals", () => check("19,588,445.60", { value: 19588445.6, style: "us" }));
});

describe("numberOf and numericValue", () => {
  test("numberOf", () => {
    expect(numberOf(42)).toBe(42);
    expect(numberOf("45,11")).toBe(45.11);
    expect(numberOf("1.234", "us")).toBe(1.234);
    expect(numberOf("50 kop")).toBe(50);
    expect(numberOf("BB")).toBeUndefined();
    expect(numberOf(null)).toBeUndefined();
    expect(numberOf(true)).toBeUndefined();
    expect(numberOf(NaN)).toBeUndefined();
  });
  test("numericValue", () => {
    expect(numericValue({ v: "1.234" }, { numberStyle: "us" })).toBe(1.234);
    expect(numericValue({ v: 7 })).toBe(7);
    expect(numericValue({ v: "#DIV/0!", error: true })).toBeUndefined();
    expect(numericValue(undefined)).toBeUndefined();
  });
});

describe("speed", () => {
  test("200,000 mixed cells in well under a second each 50k", () => {
    const samples = [
      "23.248.661.133",
      "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro yang sangat panjang sekali ".repeat(3),
      "92,95%",
      "Rp 31.685.169.826,-",
      "88 orang / 12 bulan",
      "-",
      "Belum dapat diukur",
      "2.17.02.2.01.0001",
      "1".repeat(200) + ".",
      "1.".repeat(200) + "x",
    ];
    let n = 0;
    for (let i = 0; i < 200000; i++) if (parseValue(samples[i % samples.length]).kind === "number") n++;
    expect(n).toBeGreaterThan(0);
  });
});
