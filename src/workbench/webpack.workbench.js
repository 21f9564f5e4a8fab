/**
 * The workbench's part of the webpack configuration: its entry, its page, the sample workbooks as
 * static assets (samples/*.xlsx plus samples/index.json listing them), and the browser stand-in for
 * office-addin-manifest that office-addin-mock requires.
 *
 * webpack.config.js calls `addWorkbench(config)`; the end-to-end test builds with the same function.
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

function workbenchPlugins() {
  return [
    new HtmlWebpackPlugin({
      filename: "workbench.html",
      template: path.join(ROOT, "src", "workbench", "workbench.html"),
      chunks: ["workbench"],
      inject: "body",
    }),
    new CopyWebpackPlugin({
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
    }),
  ];
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

module.exports = { addWorkbench, workbenchEntry, workbenchPlugins, workbenchAlias, ROOT };
