/**
 * `npm start` without the Office dev certificate serves plain http: what it serves must then be
 * consistent (a manifest pointing at http://localhost:3000, with a comment saying Excel needs https),
 * while the repository's manifest and a production build keep https. The dev server's fallback is
 * forced with CAPAIAN_DEV_HTTP so that the test never asks office-addin-dev-certs for anything.
 */
import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const MANIFEST = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

interface Pattern {
  from: string;
  to: string;
  transform?: (content: Buffer, file: string) => Buffer | string;
}
interface Config {
  output: { path: string; clean: unknown };
  devServer: { server: unknown; static: { directory: string } };
  plugins: { constructor: { name: string }; patterns?: Pattern[] }[];
}
type Exported = ((env: object, argv: object) => Promise<Config>) & { manifestFor(xml: string, secure: boolean): string; OUT_DIR: string };

const exported = require(path.join(ROOT, "webpack.config.js")) as Exported;

function manifestPattern(config: Config): Pattern {
  for (const p of config.plugins) {
    const hit = p.constructor.name === "CopyPlugin" || p.patterns ? (p.patterns ?? []).find((x) => x.from === "manifest.xml") : undefined;
    if (hit) return hit;
  }
  throw new Error("no manifest.xml copy pattern");
}

async function configWith(env: Record<string, string | undefined>): Promise<{ config: Config; warnings: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const k of Object.keys(env)) {
    saved[k] = process.env[k];
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    const config = await exported({}, { mode: "development" });
    return { config, warnings: warn.mock.calls.map((c) => c.join(" ")).join("\n") };
  } finally {
    warn.mockRestore();
    for (const k of Object.keys(saved)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

test("the repository's manifest points at https://localhost:3000 only", () => {
  expect(MANIFEST).toContain("https://localhost:3000/taskpane.html");
  expect(MANIFEST).not.toContain("http://localhost:3000");
});

test("manifestFor: unchanged over https; over http every URL is http, with a note, and still well-formed", () => {
  expect(exported.manifestFor(MANIFEST, true)).toBe(MANIFEST);
  const http = exported.manifestFor(MANIFEST, false);
  expect(http).not.toContain("https://localhost:3000");
  expect(http).toContain('<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>');
  expect(http).toContain('<bt:Url id="Commands.Url" DefaultValue="http://localhost:3000/commands.html"/>');
  expect(http).toContain("<AppDomain>http://localhost:3000</AppDomain>");
  expect(http.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Served by `npm start` WITHOUT https')).toBe(true);
  expect(http).toMatch(/Excel sideloads add-ins only from https/);
  // the same URLs, only the scheme changed (plus the one the note names)
  expect(http.split("http://localhost:3000").length).toBe(MANIFEST.split("https://localhost:3000").length + 1);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capaian-manifest-")), "manifest.xml");
  fs.writeFileSync(file, http);
  expect(execFileSync("xmllint", ["--noout", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })).toBe("");
});

test("npm start without a certificate: http server, a clear banner, and the served manifest points at http", async () => {
  const { config, warnings } = await configWith({ WEBPACK_SERVE: "true", CI: undefined, CAPAIAN_DEV_HTTP: "1" });
  expect(config.devServer.server).toBe("http");
  expect(warnings).toMatch(/plain HTTP on http:\/\/localhost:3000/);
  expect(warnings).toMatch(/workbench: http:\/\/localhost:3000\/workbench\.html/);
  expect(warnings).toMatch(/Excel does NOT sideload http add-ins/);
  expect(warnings).toMatch(/npx office-addin-dev-certs install/);
  const served = String(manifestPattern(config).transform!(Buffer.from(MANIFEST), "manifest.xml"));
  expect(served).toContain('<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>');
  expect(served).not.toContain("https://localhost:3000");
});

test("a build (not serving) copies the manifest unchanged and prints no banner; output is dist/addin", async () => {
  const { config, warnings } = await configWith({ WEBPACK_SERVE: undefined, CAPAIAN_DEV_HTTP: "1" });
  expect(warnings).toBe("");
  expect(String(manifestPattern(config).transform!(Buffer.from(MANIFEST), "manifest.xml"))).toBe(MANIFEST);
  // the add-in builds into its own folder, so cleaning it never removes dist/node (the CLI)
  expect(config.output.path).toBe(path.join(ROOT, "dist", "addin"));
  expect(config.output.path).toBe(exported.OUT_DIR);
  expect(config.devServer.static.directory).toBe(path.join(ROOT, "dist", "addin"));
});
