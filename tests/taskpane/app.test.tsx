/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../../src/taskpane/App";
import { CapaianOfficeError, protectedSheetError, apiMissingError, toOfficeError } from "../../src/excel/errors";
import { detectLanguage, STRINGS } from "../../src/taskpane/i18n";
import { FINDINGS, UNDO_ENTRY, fakeServices } from "./fake-services";

// jsdom has no ResizeObserver (Fluent's TabList measures overflow with it).
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoResizeObserver;

function setup(lang: "id" | "en" = "en", over = {}) {
  const services = fakeServices(over);
  const view = render(<App services={services} initialLang={lang} />);
  return { services, view };
}

async function settle() {
  await act(async () => {
    await Promise.resolve();
  });
}

function tab(name: RegExp | string) {
  fireEvent.click(screen.getByRole("tab", { name }));
}

describe("language", () => {
  test("display language id-* → Bahasa Indonesia, anything else → English", () => {
    expect(detectLanguage("id-ID")).toBe("id");
    expect(detectLanguage("id")).toBe("id");
    expect(detectLanguage("en-US")).toBe("en");
    expect(detectLanguage("nl-NL")).toBe("en");
    expect(detectLanguage(undefined)).toBe("en");
  });

  test("every string exists in both languages", () => {
    expect(Object.keys(STRINGS.id).sort()).toEqual(Object.keys(STRINGS.en).sort());
    for (const v of [...Object.values(STRINGS.id), ...Object.values(STRINGS.en)]) expect(v.trim()).not.toBe("");
  });

  test("switching language changes every label", async () => {
    setup("en");
    await settle();
    expect(screen.getByRole("button", { name: "Scan tables" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Switch language to Bahasa Indonesia/ }));
    expect(screen.getByRole("button", { name: "Pindai tabel" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Periksa" })).toBeTruthy();
    expect(screen.getByText("Lembar aktif")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Ganti bahasa ke English/ }));
    expect(screen.getByRole("button", { name: "Scan tables" })).toBeTruthy();
  });
});

describe("scan and corrections", () => {
  test("scan lists tables; a column role is corrected from the list and saved", async () => {
    const { services } = setup("en");
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Scan tables" }));
    expect(await screen.findByText("1 tables recognised")).toBeTruthy();
    expect(services.scan).toHaveBeenCalledWith("active", expect.objectContaining({ version: 1 }));
    expect(screen.getByText("Sheet Catatan: no header row found")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /IKU · A5:F9 · Indicator achievement \(IKU\)/ }));
    const select = screen.getByRole("combobox", { name: "Role of column C" }) as HTMLSelectElement;
    expect(select.value).toBe("target");
    fireEvent.change(select, { target: { value: "target_renja" } });
    await waitFor(() =>
      expect(services.saveCorrections).toHaveBeenLastCalledWith(expect.objectContaining({ roles: { "IKU!A5:F9#2": { role: "target_renja" } } })),
    );
    expect((screen.getByRole("combobox", { name: "Role of column C" }) as HTMLSelectElement).value).toBe("target_renja");
    expect(screen.getByText("corrected")).toBeTruthy();
  });

  test("a row's polarity is toggled and saved; footer rows are not listed", async () => {
    const { services } = setup("en");
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Scan tables" }));
    fireEvent.click(await screen.findByRole("button", { name: /IKU · A5:F9/ }));
    const inflasi = screen.getByRole("switch", { name: "Negative indicator: row 7" }) as HTMLInputElement;
    expect(inflasi.checked).toBe(true);
    const kop = screen.getByRole("switch", { name: "Negative indicator: row 8" }) as HTMLInputElement;
    expect(kop.checked).toBe(false);
    fireEvent.click(kop);
    await waitFor(() => expect(services.saveCorrections).toHaveBeenLastCalledWith(expect.objectContaining({ polarity: { "IKU!A5:F9#7": "negative" } })));
    expect(screen.queryByRole("switch", { name: "Negative indicator: row 9" })).toBeNull();
  });

  test("no table found: a warning with the reasons", async () => {
    setup("id", { scan: jest.fn(async () => ({ tables: [], unrecognized: [{ sheet: "Sheet1", reason: "tidak ada baris judul" }], sheets: ["Sheet1"] })) });
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Pindai tabel" }));
    const status = screen.getByRole("status");
    expect(await within(status).findByText("Tidak ada tabel yang dikenali pada cakupan ini.")).toBeTruthy();
    expect(within(status).getByText("Lembar Sheet1: tidak ada baris judul")).toBeTruthy();
  });

  test("scope: the whole workbook is passed to the services", async () => {
    const { services } = setup("en");
    await settle();
    fireEvent.click(screen.getByRole("radio", { name: "Whole workbook" }));
    fireEvent.click(screen.getByRole("button", { name: "Scan tables" }));
    await waitFor(() => expect(services.scan).toHaveBeenCalledWith("workbook", expect.anything()));
  });

  test("scale: choosing custom bands opens the editor; edits are saved", async () => {
    const { services } = setup("en");
    await settle();
    const scaleSelect = screen.getByRole("combobox", { name: "Category scale" }) as HTMLSelectElement;
    expect(scaleSelect.value).toBe("permendagri86");
    fireEvent.change(scaleSelect, { target: { value: "custom" } });
    await waitFor(() => expect(services.saveCorrections).toHaveBeenLastCalledWith(expect.objectContaining({ scaleId: "custom" })));
    const label = screen.getByRole("textbox", { name: "Label of band 1" }) as HTMLInputElement;
    expect(label.value).toBe("Sangat Tinggi");
    fireEvent.change(label, { target: { value: "Istimewa" } });
    await waitFor(() =>
      expect(services.saveCorrections.mock.calls.at(-1)![0].customScale!.bands[0]).toEqual({ min: 91, label: "Istimewa" }),
    );
    expect(screen.getByText(/Istimewa ≥ 91/)).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: "T / R × 100" }));
    await waitFor(() => expect(services.saveCorrections).toHaveBeenLastCalledWith(expect.objectContaining({ negativeFormula: "ratio" })));
  });

  test("a pending operation shows a spinner in the live region and disables actions", async () => {
    let release!: () => void;
    const scan = jest.fn(() => new Promise<never>((_, reject) => (release = () => reject(new Error("stop")))));
    setup("en", { scan });
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Scan tables" }));
    expect(within(screen.getByRole("status")).getByText("Scanning tables…")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Scan tables" }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => release());
    expect(await screen.findByText("stop")).toBeTruthy();
  });
});

describe("fill", () => {
  test("formulas by default; values, chosen columns, added columns and forced overwrite with its warning", async () => {
    const { services } = setup("en");
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Scan tables" }));
    await screen.findByText("1 tables recognised");
    tab("Fill");
    expect((screen.getByRole("radio", { name: "Excel formulas (stay live)" }) as HTMLInputElement).checked).toBe(true);
    const force = screen.getByRole("switch", { name: "Overwrite cells that already hold something" }) as HTMLInputElement;
    expect(force.checked).toBe(false);
    expect(screen.queryByText(/will be overwritten/)).toBeNull();
    fireEvent.click(screen.getByRole("radio", { name: "Values only" }));
    const computed = screen.getByRole("group", { name: "Computed columns to fill" });
    expect(within(computed).getAllByRole("checkbox").map((c) => (c as HTMLInputElement).checked)).toEqual([true, true]);
    fireEvent.click(within(computed).getByRole("checkbox", { name: "Category" })); // uncheck one of the table's computed columns
    fireEvent.click(within(screen.getByRole("group", { name: "Add columns beside the table" })).getByRole("checkbox", { name: "Efficiency" }));
    fireEvent.click(force);
    expect(screen.getByText(/will be overwritten/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Fill computed columns" }));
    await waitFor(() =>
      expect(services.fill).toHaveBeenCalledWith("active", expect.anything(), { values: true, roles: ["capaian"], addColumns: ["efisiensi"], force: true }),
    );
    const status = screen.getByRole("status");
    expect(await within(status).findByText("12 cells written.")).toBeTruthy();
    expect(within(status).getByText(/2 cells that already held something were left alone/)).toBeTruthy();
    expect(services.peekUndo).toHaveBeenCalledTimes(2);
  });

  test("protected sheet: the bilingual message is shown in the UI language", async () => {
    setup("id", { fill: jest.fn(async () => Promise.reject(protectedSheetError(["IKU"]))) });
    await settle();
    tab("Isi");
    fireEvent.click(screen.getByRole("button", { name: "Isi kolom hitungan" }));
    const status = screen.getByRole("status");
    expect(await within(status).findByText(/Lembar "IKU" diproteksi\. Tidak ada yang diubah\./)).toBeTruthy();
    expect(within(status).getByText("Gagal")).toBeTruthy();
  });

  test("cell edit mode and missing API set errors are explained", async () => {
    const fill = jest
      .fn()
      .mockRejectedValueOnce(toOfficeError(Object.assign(new Error("x"), { code: "InvalidOperationInCellEditMode" })))
      .mockRejectedValueOnce(apiMissingError("1.10", { id: "Catatan sel", en: "Cell notes" }));
    setup("en", { fill });
    await settle();
    tab("Fill");
    fireEvent.click(screen.getByRole("button", { name: "Fill computed columns" }));
    expect(await screen.findByText(/Finish editing the cell \(press Enter or Esc\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Fill computed columns" }));
    expect(await screen.findByText(/Cell notes needs ExcelApi 1\.10.*Excel 2021/)).toBeTruthy();
  });
});

describe("check", () => {
  test("findings grouped by severity with counts; a finding selects its cell", async () => {
    const { services } = setup("en");
    await settle();
    tab("Check");
    fireEvent.click(screen.getByRole("button", { name: "Check arithmetic" }));
    expect(await screen.findByText("3 findings")).toBeTruthy();
    const errors = screen.getByRole("region", { name: "Errors (1)" });
    const warnings = screen.getByRole("region", { name: "Warnings (2)" });
    expect(within(warnings).getAllByRole("button")).toHaveLength(2);
    const first = within(errors).getByRole("button", { name: /Select cell E8 on sheet IKU: Stated capaian 9925/ });
    expect(first.textContent).toMatch(/stated 9925, expected 99\.25/);
    fireEvent.click(first);
    await waitFor(() => expect(services.selectCell).toHaveBeenCalledWith("IKU", "E8"));
    expect(services.check).toHaveBeenCalledWith("active", expect.anything(), { mark: false });
  });

  test("marking findings in the workbook writes and offers undo; none found says so", async () => {
    const check = jest
      .fn()
      .mockResolvedValueOnce({ findings: FINDINGS, marked: { cellsWritten: 3, sheetsCreated: ["Temuan"], sheetsRegenerated: [], skipped: 0, warnings: [], undo: UNDO_ENTRY } })
      .mockResolvedValueOnce({ findings: [] });
    const { services } = setup("id", { check });
    await settle();
    tab("Periksa");
    fireEvent.click(screen.getByRole("checkbox", { name: /Tandai temuan di buku kerja/ }));
    fireEvent.click(screen.getByRole("button", { name: "Periksa hitungan" }));
    expect(await screen.findByText("Temuan ditandai di buku kerja.")).toBeTruthy();
    expect(services.check).toHaveBeenLastCalledWith("active", expect.anything(), { mark: true });
    fireEvent.click(screen.getByRole("button", { name: "Periksa hitungan" }));
    expect(await screen.findByText("Tidak ada temuan. Hitungan sesuai.")).toBeTruthy();
  });

  test("the ribbon's last check is shown", async () => {
    setup("en", { lastCheck: jest.fn(async () => ({ sheet: "IKU", findings: 4, errors: 1, time: "2026-11-24T00:00:00.000Z" })) });
    await settle();
    tab("Check");
    expect(await screen.findByText(/Ribbon check: 4 findings/)).toBeTruthy();
  });
});

describe("summaries and undo", () => {
  test("summaries builds sheets and reports them", async () => {
    const { services } = setup("en");
    await settle();
    tab("Summaries");
    fireEvent.click(screen.getByRole("button", { name: "Build summary sheets" }));
    expect(await screen.findByText("Sheets built: Ringkasan Capaian, Efisiensi.")).toBeTruthy();
    expect(services.summaries).toHaveBeenCalledWith("active", expect.anything());
  });

  test("undo shows what it will restore, restores, then is disabled", async () => {
    const peekUndo = jest.fn().mockResolvedValueOnce({ ...UNDO_ENTRY, sheetsCreated: ["Ringkasan Capaian"] }).mockResolvedValue(null);
    const { services } = setup("en", { peekUndo });
    await settle();
    tab("Undo");
    expect(await screen.findByText(/Will restore: Fill computed columns/)).toBeTruthy();
    expect(screen.getByText("12 cells put back as they were")).toBeTruthy();
    expect(screen.getByText("Sheets removed again: Ringkasan Capaian")).toBeTruthy();
    const button = screen.getByRole("button", { name: "Undo the last change" }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(await screen.findByText("Undone: Fill computed columns.")).toBeTruthy();
    expect(services.undo).toHaveBeenCalled();
    expect(screen.getByText("There is no Capaian change to undo in this workbook.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Undo the last change" }) as HTMLButtonElement).disabled).toBe(true);
  });

  test("undo refused because cells changed since: a warning with “Undo anyway”", async () => {
    const undo = jest
      .fn()
      .mockRejectedValueOnce(new CapaianOfficeError("changed", { id: "Sel telah diubah (IKU!E7:E9)", en: "Cells were changed afterwards (IKU!E7:E9)" }))
      .mockResolvedValueOnce({ entry: UNDO_ENTRY, requests: 2, remaining: 0 });
    const { services } = setup("en", { peekUndo: jest.fn(async () => UNDO_ENTRY), undo });
    await settle();
    tab("Undo");
    fireEvent.click(await screen.findByRole("button", { name: "Undo the last change" }));
    expect(await screen.findByText("Cells were changed afterwards (IKU!E7:E9)")).toBeTruthy();
    expect(services.undo).toHaveBeenLastCalledWith(false);
    fireEvent.click(screen.getByRole("button", { name: "Undo anyway" }));
    expect(await screen.findByText("Undone: Fill computed columns.")).toBeTruthy();
    expect(services.undo).toHaveBeenLastCalledWith(true);
  });

  test("nothing to undo from the start: disabled", async () => {
    setup("id");
    await settle();
    tab("Batalkan");
    expect((screen.getByRole("button", { name: "Batalkan perubahan terakhir" }) as HTMLButtonElement).disabled).toBe(true);
  });

  test("undo failure (no-undo error) is shown", async () => {
    const undo = jest.fn(async () => Promise.reject(new CapaianOfficeError("no-undo", { id: "Tidak ada", en: "Nothing to undo" })));
    setup("en", { peekUndo: jest.fn(async () => UNDO_ENTRY), undo });
    await settle();
    tab("Undo");
    fireEvent.click(await screen.findByRole("button", { name: "Undo the last change" }));
    expect(await screen.findByText("Nothing to undo")).toBeTruthy();
  });
});

describe("host support", () => {
  test("below ExcelApi 1.7: an explanation and every action disabled", async () => {
    const { services } = setup("en", { host: jest.fn(() => ({ inExcel: true, supported: false, limited: true })) });
    await settle();
    expect(screen.getByText(/Capaian needs ExcelApi 1\.7 \(Excel 2019 or later/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Scan tables" }) as HTMLButtonElement).disabled).toBe(true);
    expect(services.loadCorrections).not.toHaveBeenCalled();
  });

  test("outside Excel: says where Capaian runs", async () => {
    setup("id", { host: jest.fn(() => ({ inExcel: false, supported: false, limited: true })) });
    await settle();
    expect(screen.getByText(/Capaian berjalan di dalam Excel/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Pindai tabel" }) as HTMLButtonElement).disabled).toBe(true);
  });

  test("below ExcelApi 1.9: a warning that styles are not read", async () => {
    setup("id", { host: jest.fn(() => ({ inExcel: true, supported: true, limited: true })) });
    await settle();
    expect(screen.getByText(/tidak memiliki ExcelApi 1\.9/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Pindai tabel" }) as HTMLButtonElement).disabled).toBe(false);
  });

  test("saved corrections are loaded at start", async () => {
    const { services } = setup("en", {
      loadCorrections: jest.fn(async () => ({ version: 1 as const, roles: {}, polarity: {}, aggregation: {}, scaleId: "lakip4", negativeFormula: "seed" as const })),
    });
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Category scale" }) as HTMLSelectElement).value).toBe("lakip4"), { timeout: 5000 });
    expect(services.loadCorrections).toHaveBeenCalledTimes(1);
  });
});
