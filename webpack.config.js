/**
 * Webpack 5: the task pane (taskpane.html + taskpane.js) and the ribbon's function file
 * (commands.html + commands.js), assets and the manifest copied into dist/. `npm run build`
 * (production) works offline; `npm start` serves https://localhost:3000 with the Office dev
 * certificates (office-addin-dev-certs), except in CI where plain http is enough.
 * Types are checked by `npm run typecheck`; ts-loader only transpiles here.
 */
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_PORT = 3000;

/**
 * ─── extraEntries ────────────────────────────────────────────────────────────────────────────
 * Place for more entries. The workbench engineer adds the `workbench` entry here (and nothing
 * else in this file), e.g.
 *   workbench: { import: "./src/workbench/index.tsx", html: "src/workbench/workbench.html" },
 * Each entry gets its own html page named after the key (`<key>.html`) from `html`.
 * ─────────────────────────────────────────────────────────────────────────────────────────────
 */
const extraEntries = {
  workbench: { import: "./src/workbench/index.tsx", html: "src/workbench/workbench.html" },
};

const entries = {
  taskpane: { import: "./src/taskpane/index.tsx", html: "src/taskpane/taskpane.html" },
  commands: { import: "./src/commands/commands.ts", html: "src/commands/commands.html" },
  ...extraEntries,
};

async function httpsOptions() {
  if (process.env.CI) return undefined;
  try {
    const devCerts = require("office-addin-dev-certs");
    return await devCerts.getHttpsServerOptions();
  } catch (err) {
    console.warn(`office-addin-dev-certs: ${err && err.message ? err.message : err}; serving without https`);
    return undefined;
  }
}

module.exports = async (env, argv) => {
  const mode = (argv && argv.mode) || "development";
  const dev = mode === "development";
  const serving = Boolean(process.env.WEBPACK_SERVE);
  const https = serving ? await httpsOptions() : undefined;

  return {
    mode,
    devtool: dev ? "source-map" : false,
    entry: Object.fromEntries(Object.entries(entries).map(([name, e]) => [name, e.import])),
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { module: "esnext", target: "es2020", sourceMap: dev, noEmit: false },
            },
          },
        },
      ],
    },
    plugins: [
      ...Object.entries(entries).map(
        ([name, e]) =>
          new HtmlWebpackPlugin({
            filename: `${name}.html`,
            template: e.html,
            chunks: [name],
            scriptLoading: "defer",
          }),
      ),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "assets/help.html", to: "help.html" },
          { from: "manifest.xml", to: "manifest.xml" },
        ],
      }),
    ],
    performance: {
      // The task pane stays well under this (about 120 KB gzip); the raw size is what webpack measures.
      maxEntrypointSize: 900 * 1024,
      maxAssetSize: 900 * 1024,
    },
    devServer: {
      port: DEV_PORT,
      hot: false,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: https ? { type: "https", options: https } : "http",
      static: { directory: path.resolve(__dirname, "dist") },
    },
  };
};

// Workbench (src/workbench/webpack.workbench.js): copies samples/*.xlsx (+ samples/index.json) and
// aliases office-addin-manifest to a browser stub (office-addin-mock needs only its OfficeApp enum).
module.exports = require("./src/workbench/webpack.workbench").withWorkbenchAssets(module.exports);
