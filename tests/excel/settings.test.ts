import { customScale } from "../../src/core/scale";
import { CORRECTIONS_KEY, emptyCorrections, engineOptionsOf, loadCorrections, saveCorrections, storeScale } from "../../src/excel/settings";
import { FakeWorkbook } from "./stand-in";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

test("corrections round-trip through document settings, custom scale included, and survive a reopen", async () => {
  const wb = new FakeWorkbook();
  wb.addSheet("E81");
  uninstall = wb.install();
  expect(await loadCorrections()).toEqual(emptyCorrections());
  const scale = customScale("custom", "90:A,75:B,:C", 2);
  const c = {
    ...emptyCorrections(),
    roles: { "E81!A12:Y58#5": { role: "target_renja" as const, measure: "rp" as const } },
    polarity: { "E81!A12:Y58#20": "negative" as const },
    scaleId: "custom",
    customScale: storeScale(scale),
    negativeFormula: "ratio" as const,
  };
  await saveCorrections(c);
  expect(JSON.parse(wb.settings.get(CORRECTIONS_KEY) as string).scaleId).toBe("custom");
  uninstall();
  const reopened = wb.reopen();
  uninstall = reopened.install();
  const loaded = await loadCorrections();
  expect(loaded).toEqual(c);
  const opts = engineOptionsOf(loaded);
  expect(opts.scale.bands[opts.scale.bands.length - 1].min).toBe(Number.NEGATIVE_INFINITY);
  expect(opts.scale.roundTo).toBe(2);
  expect(opts.negativeFormula).toBe("ratio");
  expect(opts.roles).toEqual(c.roles);
});

test("unknown or damaged settings fall back to defaults", async () => {
  const wb = new FakeWorkbook();
  wb.addSheet("S");
  wb.settings.set(CORRECTIONS_KEY, "{not json");
  uninstall = wb.install();
  expect(await loadCorrections()).toEqual(emptyCorrections());
});
