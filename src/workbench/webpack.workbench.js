/**
 * The workbench's part of the webpack configuration.
 *
 * webpack.config.js declares the `workbench` entry and page in its `extraEntries` slot and wraps its
 * export with `withWorkbenchAssets`, which adds what the entry slot cannot express:
 *  - the sample workbooks as static assets (samples/*.xlsx, plus samples/index.json listing them);
 *  - the browser stand-in for office-addin-manifest, which office-addin-mock requires only for an
 *    enum (the real package pulls in Node-only modules: fs-extra, adm-zip, node-fetch ...).
 * `addWorkbench(config)` does all of it (entry and page included) for a standalone config.
 */
"use strict";
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const ROOT = path.resolve(__dirname, "..", "..");

function workbenchEntry() {
  return path.join(ROOT, "src", "workbench", "index.tsx");
}

function workbenchAlias() {
  return { "office-addin-manifest$": path.join(ROOT, "src", "workbench", "fake-excel", "office-addin-manifest-stub.js") };
}

function workbenchPage() {
  return new HtmlWebpackPlugin({
    filename: "workbench.html",
    template: path.join(ROOT, "src", "workbench", "workbench.html"),
    chunks: ["workbench"],
    scriptLoading: "defer",
  });
}

function samplesPlugin() {
  return new CopyWebpackPlugin({
      patterns: [
        { from: "samples/*.xlsx", context: ROOT, noErrorOnMissing: true },
        {
          from: "samples/*.xlsx",
          context: ROOT,
          to: "samples/index.json",
          noErrorOnMissing: true,
          transformAll(assets) {
            return JSON.stringify(assets.map((a) => path.basename(a.sourceFilename)).sort());
          },
        },
      ],
  });
}

function workbenchPlugins() {
  return [workbenchPage(), samplesPlugin()];
}

/** Adds the samples and the alias to a config that already has the workbench entry and page. */
function addWorkbenchAssets(config) {
  // the workbench is a development tool (exceljs, the stand-in Excel): keep the task pane's size
  // budget about the task pane
  if (config.performance) {
    const filter = config.performance.assetFilter;
    config.performance.assetFilter = (name) => !/^workbench\b|^samples\//.test(name) && (filter ? filter(name) : !/\.map$/.test(name));
  }
  config.resolve = config.resolve || {};
  config.resolve.alias = { ...(config.resolve.alias || {}), ...workbenchAlias() };
  config.plugins = [...(config.plugins || []), samplesPlugin()];
  return config;
}

/** Wraps a webpack config export (object, function or async function) with addWorkbenchAssets. */
function withWorkbenchAssets(exported) {
  if (typeof exported !== "function") return addWorkbenchAssets(exported);
  return async (...args) => addWorkbenchAssets(await exported(...args));
}

/** Adds the workbench entry, page, sample assets and alias to a webpack config object (mutates it). */
function addWorkbench(config) {
  if (typeof config.entry === "string" || Array.isArray(config.entry)) config.entry = { main: config.entry };
  config.entry = { ...(config.entry || {}), workbench: workbenchEntry() };
  config.resolve = config.resolve || {};
  config.resolve.alias = { ...(config.resolve.alias || {}), ...workbenchAlias() };
  config.plugins = [...(config.plugins || []), ...workbenchPlugins()];
  return config;
}

module.exports = { addWorkbench, addWorkbenchAssets, withWorkbenchAssets, workbenchEntry, workbenchPlugins, workbenchAlias, ROOT };
