/**
 * Builds the workbench with webpack's Node API into `outDir`, with the same workbench part the
 * project's webpack.config.js uses (src/workbench/webpack.workbench.js), TypeScript transpiled by
 * ts-loader in transpile-only mode (types are checked by `npm run typecheck`, and another module's
 * type error must not stop the browser test).
 */
import path from "path";
import fs from "fs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpack = require("webpack") as (config: object) => {
  run(cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(o: object): string; toJson(o: object): { errors?: { message: string }[] } }) => void): void;
  close(cb: () => void): void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { addWorkbench } = require("../../../src/workbench/webpack.workbench.js") as { addWorkbench(c: object): object };

export const ROOT = path.resolve(__dirname, "..", "..", "..");

export function workbenchConfig(outDir: string, mode: "development" | "production" = "development"): object {
  const base = {
    mode,
    context: ROOT,
    devtool: false,
    entry: {},
    output: { path: outDir, filename: "[name].js", clean: true, publicPath: "" },
    resolve: { extensions: [".tsx", ".ts", ".js", ".mjs"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              configFile: path.join(ROOT, "tsconfig.json"),
              compilerOptions: { noEmit: false, module: "esnext", moduleResolution: "node", sourceMap: false },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    infrastructureLogging: { level: "error" },
    stats: "errors-only",
  };
  return addWorkbench(base);
}

/** Build; resolves with the build's duration, rejects with webpack's errors. */
export function buildWorkbench(outDir: string): Promise<number> {
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const compiler = webpack(workbenchConfig(outDir));
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
