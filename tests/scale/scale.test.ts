import { categorize, customScale, describeScale, getScale, roundHalfUp, SCALE_PRESETS } from "../../src/core/scale";

describe("category scales", () => {
  const cases: [string, number, string][] = [
    ["permendagri86", 50.5, "Sangat Rendah"],
    ["permendagri86", 51, "Rendah"],
    ["permendagri86", 65.5, "Rendah"],
    ["permendagri86", 75.5, "Sedang"],
    ["permendagri86", 90.5, "Tinggi"],
    ["permendagri86", 91, "Sangat Tinggi"],
    ["permendagri86", 100, "Sangat Tinggi"],
    ["permendagri86", 150, "Sangat Tinggi"],
    ["lakip4", 50.5, "Kurang Baik"],
    ["lakip4", 65.5, "Cukup Baik"],
    ["lakip4", 75.5, "Baik"],
    ["lakip4", 90.5, "Sangat Baik"],
    ["lakip4", 150, "Sangat Baik"],
    ["sakip-berhasil", 90.5, "Berhasil"],
    ["sakip-berhasil", 100, "Sangat Berhasil"],
    ["sakip-berhasil", 150, "Sangat Berhasil"],
    ["efisiensi", 0.99, "Tidak efisien"],
    ["efisiensi", 1, "Efisien"],
  ];
  it.each(cases)("%s puts %d in %s", (id, value, label) => {
    expect(categorize(value, getScale(id))).toBe(label);
  });

  it("rounds half-up before comparing when roundTo is set", () => {
    const rounded = { ...SCALE_PRESETS.permendagri86, roundTo: 0 };
    expect(categorize(90.5, rounded)).toBe("Sangat Tinggi");
    expect(categorize(90.49, rounded)).toBe("Tinggi");
    expect(categorize(65.5, rounded)).toBe("Sedang");
  });

  it("rounds half-up without binary-fraction surprises", () => {
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(92.945, 2)).toBe(92.95);
    expect(roundHalfUp(0.5, 0)).toBe(1);
    expect(roundHalfUp(-0.5, 0)).toBe(-1);
  });

  it("builds custom scales and states the convention", () => {
    const s = customScale("mine", "80:Baik,60:Cukup,:Kurang");
    expect(categorize(80, s)).toBe("Baik");
    expect(categorize(79.99, s)).toBe("Cukup");
    expect(categorize(10, s)).toBe("Kurang");
    expect(describeScale(getScale("permendagri86")).en).toContain("Sangat Tinggi ≥ 91");
    expect(describeScale(getScale("permendagri86")).id).toContain("tanpa pembulatan");
    expect(() => getScale("nope")).toThrow(/unknown scale/);
  });
});
