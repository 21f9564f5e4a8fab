/**
 * @jest-environment jsdom
 */
import { render, screen, fireEvent, act } from "@testing-library/react";
import { GridView } from "../../src/workbench/GridView";
import { MemWorkbook } from "../../src/workbench/fake-excel";

function book(): MemWorkbook {
  const wb = new MemWorkbook("t.xlsx");
  const s = wb.addSheet("E81");
  s.ensure(0, 0).v = "Judul";
  s.merges.push({ r1: 0, c1: 0, r2: 0, c2: 2 });
  s.ensure(1, 0).v = 400;
  s.ensure(1, 1).v = 397;
  const f = s.ensure(1, 2);
  f.f = "=B2/A2*100";
  f.fmt = "0.00";
  s.ensure(2, 0).v = "tersembunyi";
  s.hiddenRows.add(2);
  const n = s.ensure(3, 1);
  n.v = 1234567;
  n.fmt = "#,##0";
  n.fill = "#FFC7CE";
  n.note = "Temuan: jumlah salah";
  n.bold = true;
  const u = s.ensure(4, 0);
  u.f = "=VLOOKUP(A2,A1:B2,2,FALSE)";
  wb.addSheet("Ringkasan Capaian").ensure(0, 0).v = "Ringkasan";
  wb.recalculate();
  return wb;
}

const td = (sheet: string, a1: string) => document.querySelector(`td[data-sheet="${sheet}"][data-cell="${a1}"]`) as HTMLElement | null;

describe("GridView", () => {
  test("shows values under their formats, formulas in tooltips, fills, notes, merges; hides hidden rows", () => {
    render(<GridView workbook={book()} />);
    expect(td("E81", "A1")!.getAttribute("colspan")).toBe("3");
    expect(td("E81", "B1")).toBeNull(); // covered by the merge
    expect(td("E81", "C2")!.textContent).toBe("99.25");
    expect(td("E81", "C2")!.getAttribute("data-formula")).toBe("=B2/A2*100");
    expect(td("E81", "C2")!.title).toContain("=B2/A2*100");
    expect(td("E81", "A3")).toBeNull(); // hidden row
    const noted = td("E81", "B4")!;
    expect(noted.textContent).toBe("1,234,567");
    expect(noted.getAttribute("data-fill")).toBe("#FFC7CE");
    expect(noted.style.fontWeight).toBe("700");
    expect(noted.className).toContain("wb-noted");
    expect(noted.title).toContain("Temuan: jumlah salah");
    // a formula the workbench cannot evaluate shows itself and says so
    expect(td("E81", "A5")!.textContent).toBe("=VLOOKUP(A2,A1:B2,2,FALSE)");
    expect(td("E81", "A5")!.title).toMatch(/not calculated/);
  });

  test("follows the selection and the active sheet; tabs and clicks change them", () => {
    const wb = book();
    render(<GridView workbook={wb} />);
    act(() => {
      wb.activeSheet = "E81";
      wb.selection = { sheet: "E81", area: { r1: 1, c1: 2, r2: 1, c2: 2 } };
      wb.notify("selection");
    });
    expect(td("E81", "C2")!.getAttribute("data-selected")).toBe("true");
    expect(screen.getByTestId("name-box").textContent).toBe("C2");
    expect(screen.getByTestId("formula-text").textContent).toBe("=B2/A2*100");
    fireEvent.click(td("E81", "A2")!);
    expect(wb.selection).toEqual({ sheet: "E81", area: { r1: 1, c1: 0, r2: 1, c2: 0 } });
    fireEvent.click(screen.getAllByTestId("sheet-tab")[1]);
    expect(wb.activeSheet).toBe("Ringkasan Capaian");
    expect(td("Ringkasan Capaian", "A1")!.textContent).toBe("Ringkasan");
    act(() => {
      wb.sheet("Ringkasan Capaian")!.protected = true;
      wb.notify("sheets");
    });
    expect(screen.getByTestId("protected-badge")).toBeTruthy();
  });
});
