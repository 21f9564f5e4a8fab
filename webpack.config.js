/**
 * Webpack 5: the task pane (taskpane.html + taskpane.js) and the ribbon's function file
 * (commands.html + commands.js), the ES5 boot script that guards both pages (boot.js), assets and
 * the manifest copied into dist/addin/. Only dist/addin/ is cleaned: dist/node holds the compiled
 * command line (`npm run build:cli`, bin/capaian.js) and dist/bench the benchmarks, which a build
 * of the add-in must never delete. `npm run build` (production) works offline; `npm start` serves
 * https://localhost:3000 with the Office dev certificates (office-addin-dev-certs). Where they are
 * missing (or in CI) it serves plain http, says so, and serves a manifest.xml rewritten to
 * http://localhost:3000 so that what is served is consistent (Office itself sideloads only https).
 * Types are checked by `npm run typecheck`; ts-loader only transpiles here.
 */
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_PORT = 3000;
/** Where the add-in is built: its own folder, so that cleaning it leaves the CLI in dist/node alone. */
const OUT_DIR = path.resolve(__dirname, "dist", "addin");
const HTTPS_ORIGIN = `https://localhost:${DEV_PORT}`;
const HTTP_ORIGIN = `http://localhost:${DEV_PORT}`;

/**
 * The manifest as served: unchanged over https; over http (no dev certificate) every
 * https://localhost:3000 URL points at http://localhost:3000 instead, with a comment saying why.
 */
function manifestFor(xml, secure) {
  if (secure) return xml;
  const note =
    `<!-- Served by \`npm start\` WITHOUT https (no Office dev certificate): URLs point at ${HTTP_ORIGIN}.\n` +
    "     Good for the workbench and a browser; Excel sideloads add-ins only from https.\n" +
    "     Install the certificate (npx office-addin-dev-certs install) and restart npm start for Excel. -->\n";
  const body = xml.split(HTTPS_ORIGIN).join(HTTP_ORIGIN);
  return body.replace(/^(<\?xml[^>]*\?>\s*)/, (m) => m + note);
}

function httpBanner(reason) {
  return [
    "",
    "──────────────────────────────────────────────────────────────────────────────────────────",
    ` Capaian dev server: plain HTTP on ${HTTP_ORIGIN} (${reason}).`,
    `  - workbench: ${HTTP_ORIGIN}/workbench.html (works in any browser)`,
    `  - ${HTTP_ORIGIN}/manifest.xml points at http; Excel does NOT sideload http add-ins.`,
    "  - for Excel: npx office-addin-dev-certs install, then npm start again (https).",
    "──────────────────────────────────────────────────────────────────────────────────────────",
    "",
  ].join("\n");
}

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
  // boot: the page's template loads src/taskpane/boot.js, which adds the bundle itself (inject: false)
  taskpane: { import: "./src/taskpane/index.tsx", html: "src/taskpane/taskpane.html", boot: true },
  commands: { import: "./src/commands/commands.ts", html: "src/commands/commands.html", boot: true },
  ...extraEntries,
};

/** { options } for https, or { reason } why the dev server falls back to http. */
async function httpsOptions() {
  if (process.env.CI) return { reason: "CI" };
  if (process.env.CAPAIAN_DEV_HTTP) return { reason: "CAPAIAN_DEV_HTTP is set" };
  try {
    const devCerts = require("office-addin-dev-certs");
    return { options: await devCerts.getHttpsServerOptions() };
  } catch (err) {
    return { reason: `no dev certificate: ${err && err.message ? err.message : err}` };
  }
}

module.exports = async (env, argv) => {
  const mode = (argv && argv.mode) || "development";
  const dev = mode === "development";
  const serving = Boolean(process.env.WEBPACK_SERVE);
  const served = serving ? await httpsOptions() : { reason: "not serving" };
  const https = served.options;
  if (serving && !https) console.warn(httpBanner(served.reason));

  return {
    mode,
    devtool: dev ? "source-map" : false,
    entry: Object.fromEntries(Object.entries(entries).map(([name, e]) => [name, e.import])),
    output: {
      path: OUT_DIR,
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
            inject: !e.boot,
            scriptLoading: "defer",
          }),
      ),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "assets/help.html", to: "help.html" },
          { from: "src/taskpane/boot.js", to: "boot.js" },
          // over https the manifest as it is; without a certificate, rewritten to http (see manifestFor)
          { from: "manifest.xml", to: "manifest.xml", transform: (content) => (serving ? manifestFor(content.toString(), Boolean(https)) : content) },
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
      static: { directory: OUT_DIR },
    },
  };
};

// Workbench (src/workbench/webpack.workbench.js): copies samples/*.xlsx (+ samples/index.json) and
// aliases office-addin-manifest to a browser stub (office-addin-mock needs only its OfficeApp enum).
module.exports = require("./src/workbench/webpack.workbench").withWorkbenchAssets(module.exports);
module.exports.manifestFor = manifestFor;
module.exports.OUT_DIR = OUT_DIR;
