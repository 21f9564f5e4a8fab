import { AUDIT_RULES, type AuditRule } from "../../src/core/audit";

describe("audit rule ids", () => {
  it("is a closed union: a misspelt id does not compile, every id has a severity", () => {
    // @ts-expect-error a misspelt rule id is not an AuditRule
    const misspelt: AuditRule = "capaian-mismatc";
    const ok: AuditRule = "capaian-mismatch";
    expect(misspelt in AUDIT_RULES).toBe(false);
    expect(AUDIT_RULES[ok]).toBe("error");
    for (const sev of Object.values(AUDIT_RULES)) expect(["error", "warning", "info"]).toContain(sev);
  });
});
