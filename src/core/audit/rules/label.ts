/**
 * Rule family "labels" (kategori-mismatch, predikat-mismatch): a stated kategori / predikat label
 * against the scale's label of the engine's value, accepted when it matches the label of the
 * stated (or the engine's) capaian; a label of another preset is named.
 */
import { a1 } from "../../grid";
import type { ComputedCell, Finding, RowModel, Scale } from "../../model";
import { SCALE_PRESETS, categorize, describeScale } from "../../scale";
import { fmtNum, normLabel, readStated } from "../util";
import type { AuditRule } from "../ruleIds";
import { PERCENT_ROLES, ROLE_NAME, TableCtx, inputValue, makeFinding } from "../context";

/** Kategori / predikat: the stated label against the scale's label for the computed or stated value. */
export function auditLabel(ctx: TableCtx, cc: ComputedCell, rule: AuditRule, row: RowModel | undefined, out: Finding[]): void {
  const { grid, opts } = ctx;
  const raw = grid.value(cc.row, cc.col);
  if (typeof raw !== "string" || raw.trim() === "") return;
  const expected = String(cc.value);
  if (normLabel(raw) === normLabel(expected)) return;
  const scale: Scale = cc.role === "kategori_efisiensi" || cc.role === "efisiensi" ? SCALE_PRESETS.efisiensi : opts.scale;
  // Only compare with labels of the scale: free text ("Tercapai", remarks) is not a kategori.
  const labels = new Set(scale.bands.map((b) => normLabel(b.label)));
  const isScaleLabel = labels.has(normLabel(raw));
  // The label of the STATED value the kategori was derived from (first numeric input in the row).
  let statedBasis: { cell: string; value: number; label: string } | undefined;
  for (const ref of cc.inputs) {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
    if (!m) continue;
    const r = Number(m[2]) - 1;
    const c = ctx.columnAt(m[1]);
    const st = readStated(grid, r, c?.col ?? -1, c);
    if (!c || st.value === undefined) continue;
    const pct = PERCENT_ROLES.has(c.role) || ctx.rowAt(r)?.level === "rata-rata";
    const v = st.percentFormat && pct ? st.value * 100 : st.value;
    statedBasis = { cell: ref, value: v, label: categorize(v, scale) };
    break;
  }
  if (statedBasis && normLabel(statedBasis.label) === normLabel(raw)) return; // consistent with the stated capaian
  // ... or with the engine's own capaian (the stated capaian is then flagged at its origin).
  for (const ref of cc.inputs) {
    const v = inputValue(ctx, ref, "computed");
    if (v.value !== undefined && normLabel(categorize(v.value, scale)) === normLabel(raw)) return;
    break;
  }
  const conv = describeScale(scale);
  // A label of another preset: the workbook probably follows that scale.
  let other = "";
  let otherEn = "";
  if (!isScaleLabel) {
    const preset = Object.values(SCALE_PRESETS).find((p) => p.id !== scale.id && p.bands.some((b) => normLabel(b.label) === normLabel(raw)));
    if (preset) {
      other = ` "${raw.trim()}" adalah label skala ${preset.name} (${preset.id}); pilih skala itu bila tabel memakainya.`;
      otherEn = ` "${raw.trim()}" is a label of the ${preset.name} scale (${preset.id}); choose that scale if the table follows it.`;
    }
  }
  const where = a1(cc.row, cc.col);
  const what = rule === "predikat-mismatch" ? { id: "Predikat", en: "Predikat" } : ROLE_NAME[cc.role] ?? { id: "Kategori", en: "Category" };
  const basisId = statedBasis ? `; nilai tertulis ${statedBasis.cell} = ${fmtNum(statedBasis.value, "id")} → "${statedBasis.label}"` : "";
  const basisEn = statedBasis ? `; the stated value ${statedBasis.cell} = ${fmtNum(statedBasis.value, "en")} → "${statedBasis.label}"` : "";
  out.push(
    makeFinding(ctx, {
      rule,
      severity: isScaleLabel ? "error" : "warning",
      row: cc.row,
      col: cc.col,
      stated: raw,
      expected,
      how: cc.how,
      inputs: cc.inputs,
      message: {
        id: `${what.id} ${where} tertulis "${raw.trim()}", menurut skala ${scale.name} seharusnya "${expected}" (${cc.how}${basisId}).${other} ${conv.id}`,
        en: `${what.en} ${where} states "${raw.trim()}", the ${scale.name} scale gives "${expected}" (${cc.how}${basisEn}).${otherEn} ${conv.en}`,
      },
    }),
  );
}
