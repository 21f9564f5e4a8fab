/**
 * The domain catalog: what the engine knows about evaluation tables, written once. Roles (names,
 * kinds of numbers, which are computed), the definitions of computed roles, the formulas they
 * become, row levels, category scales and number-format facts. Recognition, compute, audit,
 * summaries and the task pane read it; docs/domain.md explains it.
 */
export * from "./roles";
export * from "./definitions";
export * from "./formulas";
export * from "./levels";
export * from "./formats";
export * from "./scales";
