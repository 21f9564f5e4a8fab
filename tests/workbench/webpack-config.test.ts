/**
 * The workbench is wired into the project's webpack configuration (entry, page, samples, the
 * office-addin-manifest stub), so `npm start` serves it beside the task pane. No build here: the
 * end-to-end test builds it.
 */
import path from "path";

interface Plugin {
  constructor: { name: string };
  userOptions?: { filename?: string; chunks?: string[] };
  patterns?: { from: string; to?: string }[];
}

const ROOT = path.resolve(__dirname, "..", "..");

test("webpack.config.js has the workbench entry, its page, the samples and the manifest stub", async () => {
   
  const exported = require(path.join(ROOT, "webpack.config.js"));
  const config = typeof exported === "function" ? await exported({}, { mode: "development" }) : exported;
  expect(String(config.entry.workbench)).toMatch(/src[\\/]workbench[\\/]index\.tsx$/);
  const pages = (config.plugins as Plugin[]).filter((p) => p.constructor.name === "HtmlWebpackPlugin").map((p) => p.userOptions);
  expect(pages).toContainEqual(expect.objectContaining({ filename: "workbench.html", chunks: ["workbench"] }));
  const copies = (config.plugins as Plugin[]).filter((p) => p.constructor.name === "CopyPlugin").flatMap((p) => p.patterns ?? []);
  expect(copies.map((c) => c.from)).toContain("samples/*.xlsx");
  expect(copies.map((c) => c.to)).toContain("samples/index.json");
  expect(config.resolve.alias["office-addin-manifest$"]).toMatch(/office-addin-manifest-stub\.js$/);
  // the task pane keeps its own entry and size budget
  expect(config.entry.taskpane).toBeDefined();
  expect(config.performance.assetFilter("workbench.js")).toBe(false);
  expect(config.performance.assetFilter("taskpane.js")).toBe(true);
});
