/**
 * Custom XML parts (ExcelApi 1.5): stored with the workbook, not capped like settings; scoped by
 * the root element's namespace.
 */
import { ClientObject, FakeClientResult } from "./client-object";
import { invalidArgument, itemNotFound, jsonBytes } from "./common";
import type { FakeRequestContext } from "./context";

// ---------------------------------------------------------------------------------------------
// Custom XML parts (ExcelApi 1.5): stored with the workbook, not capped like settings

let partCounter = 0;

function rootNamespace(xml: string): string {
  const m = /<(?!\?)[^\s>/]+[^>]*?\sxmlns="([^"]*)"/.exec(xml);
  return m ? m[1] : "";
}

export class FakeCustomXmlPart extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getId: () => string | null,
    private readonly nullable: boolean,
  ) {
    super(context, "CustomXmlPart", ["id", "namespaceUri", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.find() === undefined), "CustomXmlPart");
  }
  private find(): { id: string; part: { namespace: string; xml: string } } | undefined {
    const id = this.getId();
    const part = id === null ? undefined : this.context.mem.customXmlParts.get(id);
    return part && id !== null ? { id, part } : undefined;
  }
  private must(loc: string): { id: string; part: { namespace: string; xml: string } } {
    const f = this.find();
    if (!f) throw itemNotFound(loc);
    return f;
  }
  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.find() === undefined;
    if (this.nullable && !this.find()) return null;
    const f = this.must(`CustomXmlPart.${name}`);
    return name === "id" ? f.id : f.part.namespace;
  }
  get id(): string {
    return this.read("id");
  }
  get namespaceUri(): string {
    return this.read("namespaceUri");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  getXml(): FakeClientResult<string> {
    return new FakeClientResult(this.context, () => this.must("CustomXmlPart.getXml").part.xml, "CustomXmlPart.getXml");
  }
  setXml(xml: string): void {
    this.context.enqueue(() => {
      const f = this.must("CustomXmlPart.setXml");
      f.part.xml = xml;
      f.part.namespace = rootNamespace(xml);
    }, "CustomXmlPart.setXml", "settings", xml.length);
  }
  delete(): void {
    this.context.enqueue(() => {
      const f = this.must("CustomXmlPart.delete");
      this.context.mem.customXmlParts.delete(f.id);
    }, "CustomXmlPart.delete", "settings");
  }
}

export class FakeCustomXmlPartCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly namespace?: string,
  ) {
    super(context, namespace === undefined ? "CustomXmlPartCollection" : "CustomXmlPartScopedCollection", ["items"]);
  }
  private ids(): string[] {
    return [...this.context.mem.customXmlParts.entries()].filter(([, p]) => this.namespace === undefined || p.namespace === this.namespace).map(([id]) => id);
  }
  protected fetch(): unknown {
    return this.ids().map((id) => {
      const part = new FakeCustomXmlPart(this.context, () => id, false);
      part.stageNow(["id", "namespaceUri"]);
      return part;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    this.stageNow(["items"]);
  }
  get items(): FakeCustomXmlPart[] {
    return this.read("items");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.ids().length, `${this.typeName}.getCount`);
  }
  add(xml: string): FakeCustomXmlPart {
    this.context.requires("1.5", "CustomXmlPartCollection.add");
    const id = `{CAFE${String(++partCounter).padStart(4, "0")}-0000-4000-8000-${Date.now().toString(16).padStart(12, "0").slice(-12)}}`;
    this.context.enqueue(
      () => {
        if (typeof xml !== "string" || !/^\s*(<\?xml[^>]*>\s*)?<[^\s>/!?]/.test(xml)) throw invalidArgument("CustomXmlPartCollection.add", "The XML is not well formed.");
        this.context.mem.customXmlParts.set(id, { namespace: rootNamespace(xml), xml });
      },
      "CustomXmlPartCollection.add",
      "settings",
      jsonBytes(xml),
    );
    return new FakeCustomXmlPart(this.context, () => id, false);
  }
  getByNamespace(namespaceUri: string): FakeCustomXmlPartCollection {
    this.context.requires("1.5", "CustomXmlPartCollection.getByNamespace");
    return new FakeCustomXmlPartCollection(this.context, namespaceUri);
  }
  getItem(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(this.context, () => id, false);
  }
  getItemOrNullObject(id: string): FakeCustomXmlPart {
    this.context.requires("1.5", "CustomXmlPartCollection.getItemOrNullObject");
    return new FakeCustomXmlPart(this.context, () => id, true);
  }
}
