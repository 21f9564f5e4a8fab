/**
 * Types for the per-icon entry points of @fluentui/react-icons ("exports" subpaths, which the
 * project's node10 module resolution does not read). Importing icons one file at a time keeps the
 * bundle and test start-up small.
 */
declare module "@fluentui/react-icons/svg/search" {
  export { Search20Regular } from "@fluentui/react-icons";
}
declare module "@fluentui/react-icons/svg/calculator" {
  export { Calculator20Regular } from "@fluentui/react-icons";
}
declare module "@fluentui/react-icons/svg/shield-checkmark" {
  export { ShieldCheckmark20Regular } from "@fluentui/react-icons";
}
declare module "@fluentui/react-icons/svg/table" {
  export { Table20Regular } from "@fluentui/react-icons";
}
declare module "@fluentui/react-icons/svg/arrow-undo" {
  export { ArrowUndo20Regular } from "@fluentui/react-icons";
}
declare module "@fluentui/react-icons/svg/local-language" {
  export { LocalLanguage20Regular } from "@fluentui/react-icons";
}
