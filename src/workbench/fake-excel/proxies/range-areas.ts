/**
 * RangeAreas and RangeCollection: what getMergedAreasOrNullObject returns.
 */
import type { Area } from "../../../core/grid";
import type { MemSheet } from "../workbook";
import { sheetAddress } from "./addresses";
import { ClientObject, itemPaths } from "./client-object";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";

export class FakeRangeAreas extends ClientObject {
  private resolved?: { sheet: MemSheet; areas: Area[] };
  readonly areas: FakeRangeCollection;
  constructor(
    context: FakeRequestContext,
    private readonly compute: () => { sheet: MemSheet; areas: Area[] },
  ) {
    super(context, "RangeAreas", ["address", "areaCount", "cellCount", "isNullObject"]);
    this.areas = new FakeRangeCollection(context, () => {
      const { sheet, areas } = this.resolveAreas();
      return areas.map((a) => ({ sheet, area: a }));
    });
    context.enqueue(() => this.bag.stage("isNullObject", this.resolveAreas().areas.length === 0), "RangeAreas");
  }
  protected override navigation(): Record<string, ClientObject> {
    return { areas: this.areas };
  }
  private resolveAreas(): { sheet: MemSheet; areas: Area[] } {
    if (!this.resolved) this.resolved = this.compute();
    return this.resolved;
  }
  protected fetch(name: string): unknown {
    const { sheet, areas } = this.resolveAreas();
    if (name === "isNullObject") return areas.length === 0;
    if (areas.length === 0) return null;
    switch (name) {
      case "address":
        return areas.map((a) => sheetAddress(sheet.name, a)).join(",");
      case "areaCount":
        return areas.length;
      case "cellCount":
        return areas.reduce((s, a) => s + (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1), 0);
    }
    return undefined;
  }
  get address(): string {
    return this.read("address");
  }
  get areaCount(): number {
    return this.read("areaCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
}

export class FakeRangeCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly list: () => { sheet: MemSheet; area: Area }[],
  ) {
    super(context, "RangeCollection", ["items"]);
  }
  protected fetch(): unknown {
    return [];
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    const items = this.list().map(({ sheet, area }) => {
      const r = new FakeRange(this.context, () => sheet, () => area);
      r.stagePaths(names.length ? names : ["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
      return r;
    });
    this.bag.stage("items", items);
  }
  get items(): FakeRange[] {
    return this.read("items");
  }
}
