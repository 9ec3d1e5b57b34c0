// Filled in by the issue that builds this part; the workspace layout comes first.
export {};
