/**
 * Builds the workbench with webpack's Node API into `outDir`, from the project's own
 * webpack.config.js (so the test also proves the workbench is wired into `npm start` / `npm run
 * build`): only the workbench entry and its page are kept, in development mode without source maps.
 */
import path from "path";
import fs from "fs";

interface Stats {
  hasErrors(): boolean;
  toJson(o: object): { errors?: { message: string }[] };
}
interface Plugin {
  constructor: { name: string };
  userOptions?: { chunks?: string[] };
}
interface Config {
  entry: Record<string, unknown>;
  plugins: Plugin[];
  output: Record<string, unknown>;
  devtool?: unknown;
  devServer?: unknown;
  infrastructureLogging?: unknown;
  stats?: unknown;
}

 
const webpack = require("webpack") as (config: object) => { run(cb: (err: Error | null, stats?: Stats) => void): void; close(cb: () => void): void };

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The project's webpack config with only `entries` and their pages (development, no source maps). */
export async function entriesConfig(outDir: string, entries: string[]): Promise<Config> {
  const exported = require(path.join(ROOT, "webpack.config.js")) as Config | ((env: object, argv: object) => Config | Promise<Config>);
  const config = typeof exported === "function" ? await exported({}, { mode: "development" }) : exported;
  const missing = entries.filter((e) => !config.entry || !(e in config.entry));
  if (missing.length) throw new Error(`webpack.config.js has no entry ${missing.join(", ")} (see its extraEntries slot)`);
  config.entry = Object.fromEntries(entries.map((e) => [e, config.entry[e]]));
  config.plugins = config.plugins.filter(
    (p) => p.constructor.name !== "HtmlWebpackPlugin" || (p.userOptions?.chunks ?? []).some((c) => entries.includes(c)),
  );
  config.output = { ...config.output, path: outDir, clean: true };
  config.devtool = false;
  delete config.devServer;
  config.infrastructureLogging = { level: "error" };
  config.stats = "errors-only";
  return config;
}

/** Build the workbench; resolves with the build's duration, rejects with webpack's errors. */
export async function buildWorkbench(outDir: string): Promise<number> {
  return buildEntries(outDir, ["workbench"]);
}

/** Build only `entries` of the project's webpack config into `outDir`; resolves with the duration. */
export async function buildEntries(outDir: string, entries: string[]): Promise<number> {
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const compiler = webpack(await entriesConfig(outDir, entries));
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) {
        const errors = stats?.toJson({ all: false, errors: true }).errors ?? [];
        return reject(new Error("webpack build failed:\n" + errors.map((e) => e.message).join("\n---\n").slice(0, 6000)));
      }
      resolve(Date.now() - started);
    });
  });
}
