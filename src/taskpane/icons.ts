/** The few Fluent icons the task pane uses, imported one by one (no barrel). */
export { Search20Regular as ScanIcon } from "@fluentui/react-icons/svg/search";
export { Calculator20Regular as FillIcon } from "@fluentui/react-icons/svg/calculator";
export { ShieldCheckmark20Regular as CheckIcon } from "@fluentui/react-icons/svg/shield-checkmark";
export { Table20Regular as SummaryIcon } from "@fluentui/react-icons/svg/table";
export { ArrowUndo20Regular as UndoIcon } from "@fluentui/react-icons/svg/arrow-undo";
export { LocalLanguage20Regular as LanguageIcon } from "@fluentui/react-icons/svg/local-language";
