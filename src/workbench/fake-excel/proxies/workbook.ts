/**
 * The workbook proxy (worksheets, settings, custom XML parts, tables, comments, notes, the
 * selection) and the application (suspended calculation / screen updating, calculate).
 */
import { ClientObject } from "./client-object";
import { FakeCommentCollection, FakeNoteCollection } from "./comments";
import type { FakeRequestContext } from "./context";
import { FakeCustomXmlPartCollection } from "./custom-xml";
import { FakeRange } from "./range";
import { FakeSettingCollection } from "./settings";
import { FakeTableCollection } from "./tables";
import { FakeWorksheetCollection } from "./worksheet";

// ---------------------------------------------------------------------------------------------
// Workbook, application, settings

export class FakeApplication extends ClientObject {
  /** Number of suspend calls, for tests that check the adapter batches its writes. */
  suspendedCalculation = 0;
  suspendedScreenUpdating = 0;
  constructor(context: FakeRequestContext) {
    super(context, "Application", ["calculationMode"]);
  }
  protected fetch(): unknown {
    return "Automatic";
  }
  suspendApiCalculationUntilNextSync(): void {
    this.context.requires("1.6", "Application.suspendApiCalculationUntilNextSync");
    this.suspendedCalculation++;
    this.context.mem.stats.calcSuspended++;
    this.context.calcSuspended = true;
    this.context.enqueue(() => undefined, "Application.suspendApiCalculationUntilNextSync");
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context.requires("1.9", "Application.suspendScreenUpdatingUntilNextSync");
    this.suspendedScreenUpdating++;
    this.context.mem.stats.screenSuspended++;
    this.context.enqueue(() => undefined, "Application.suspendScreenUpdatingUntilNextSync");
  }
  /** Recalculates (what a suspended batch left stale too). */
  calculate(_type?: string): void {
    this.context.mem.stats.calculations++;
    this.context.enqueue(() => {
      this.context.mem.calcPending = false;
      this.context.mem.recalculate();
    }, "Application.calculate", "cells");
  }
}

export class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettingCollection;
  readonly customXmlParts: FakeCustomXmlPartCollection;
  readonly tables: FakeTableCollection;
  readonly comments: FakeCommentCollection;
  readonly notes: FakeNoteCollection;
  readonly application: FakeApplication;

  constructor(context: FakeRequestContext) {
    super(context, "Workbook", ["name"]);
    this.worksheets = new FakeWorksheetCollection(context);
    this.settings = new FakeSettingCollection(context);
    this.customXmlParts = new FakeCustomXmlPartCollection(context);
    this.tables = new FakeTableCollection(context, undefined);
    this.comments = new FakeCommentCollection(context, undefined);
    this.notes = new FakeNoteCollection(context, undefined);
    this.application = new FakeApplication(context);
  }
  protected override navigation(): Record<string, ClientObject> {
    return { worksheets: this.worksheets, settings: this.settings };
  }
  protected fetch(): unknown {
    return this.context.mem.name;
  }
  get name(): string {
    return this.read("name");
  }

  /** The selected range (the workbench's selection, or A1 of the active sheet). */
  getSelectedRange(): FakeRange {
    const mem = this.context.mem;
    return new FakeRange(
      this.context,
      () => mem.sheet(mem.selection?.sheet ?? "") ?? mem.active(),
      () => mem.selection?.area ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
    );
  }
  getActiveCell(): FakeRange {
    const mem = this.context.mem;
    return new FakeRange(
      this.context,
      () => mem.sheet(mem.selection?.sheet ?? "") ?? mem.active(),
      () => {
        const a = mem.selection?.area ?? { r1: 0, c1: 0, r2: 0, c2: 0 };
        return { r1: a.r1, c1: a.c1, r2: a.r1, c2: a.c1 };
      },
    );
  }
}
