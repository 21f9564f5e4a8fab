/**
 * Document settings (`workbook.settings`): values stored as JSON copies, every write checked against
 * the host's settings caps (context.checkSetting).
 */
import { ClientObject, FakeClientResult } from "./client-object";
import { invalidArgument, itemNotFound, jsonBytes } from "./common";
import type { FakeRequestContext } from "./context";

function serialize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export class FakeSetting extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly keyName: string,
    private readonly nullable: boolean,
    private readonly mustExist: boolean,
  ) {
    super(context, "Setting", ["key", "value", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", !this.exists()), "Setting");
  }
  private exists(): boolean {
    return this.context.mem.settings.has(this.keyName);
  }
  private resolve(location: string): boolean {
    if (this.exists()) return true;
    if (this.nullable || !this.mustExist) return false;
    throw itemNotFound(location);
  }
  protected fetch(name: string): unknown {
    const ok = this.resolve(`Setting.${name}`);
    if (name === "isNullObject") return !ok;
    if (!ok) return null;
    if (name === "key") return this.keyName;
    return serialize(this.context.mem.settings.get(this.keyName));
  }
  get key(): string {
    return this.read("key");
  }
  get value(): unknown {
    return this.read("value");
  }
  set value(v: unknown) {
    const copy = serialize(v);
    this.assign(
      "value",
      v,
      () => {
        this.resolve("Setting.value");
        this.context.checkSetting(this.keyName, copy, "Setting.value");
        this.context.mem.settings.set(this.keyName, copy);
      },
      "settings",
    );
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  delete(): void {
    this.context.enqueue(
      () => {
        this.resolve("Setting.delete");
        this.context.mem.settings.delete(this.keyName);
      },
      "Setting.delete",
      "settings",
    );
  }
}

export class FakeSettingCollection extends ClientObject {
  constructor(context: FakeRequestContext) {
    super(context, "SettingCollection", ["items"]);
  }
  protected fetch(): unknown {
    return [...this.context.mem.settings.keys()].map((k) => {
      const s = new FakeSetting(this.context, k, false, true);
      s.stageNow(["key", "value"]);
      return s;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    // "items", "items/value", "key,value": all mean the items with their key and value
    this.stageNow(["items"]);
  }
  get items(): FakeSetting[] {
    return this.read("items");
  }
  add(key: string, value: unknown): FakeSetting {
    if (typeof key !== "string" || key === "") throw invalidArgument("SettingCollection.add");
    const copy = serialize(value);
    this.context.enqueue(
      () => {
        this.context.checkSetting(key, copy, "SettingCollection.add");
        this.context.mem.settings.set(key, copy);
      },
      "SettingCollection.add",
      "settings",
      jsonBytes(copy) + key.length,
    );
    return new FakeSetting(this.context, key, false, true);
  }
  getItem(key: string): FakeSetting {
    return new FakeSetting(this.context, key, false, true);
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key, true, false);
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.context.mem.settings.size, "SettingCollection.getCount");
  }
}
