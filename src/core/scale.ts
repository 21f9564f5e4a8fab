/**
 * Category scales: kept as an import path for the modules that use them; the scales themselves
 * are part of the domain catalog (./domain/scales.ts).
 */
export * from "./domain/scales";
