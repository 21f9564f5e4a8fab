/**
 * `npm run build` builds the command line (dist/node) and then the add-in (webpack, dist/addin);
 * webpack cleans only its own folder, so the `capaian` command still works afterwards.
 * One slow test (a production webpack build: a few minutes on 2 shared cores).
 */
import { spawnSync } from "child_process";
import fs from "fs";
import path from "path";

const ROOT = path.resolve(__dirname, "..");

test("npm run build && npx capaian --help: the add-in build leaves a working command line", () => {
  const run = spawnSync("npm run build && npx capaian --help", {
    cwd: ROOT,
    shell: true,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 14 * 60_000,
  });
  const tail = `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`;
  expect([run.status, run.status === 0 ? "" : tail]).toEqual([0, ""]);
  expect(run.stdout).toMatch(/Usage:\s+capaian inspect <file\.xlsx>/);
  expect(run.stderr).not.toMatch(/not built yet/);
  // the CLI and the add-in, each in its own folder
  expect(fs.existsSync(path.join(ROOT, "dist", "node", "src", "cli", "main.js"))).toBe(true);
  for (const f of ["taskpane.html", "taskpane.js", "commands.html", "commands.js", "boot.js", "manifest.xml", "workbench.html"]) {
    expect([f, fs.existsSync(path.join(ROOT, "dist", "addin", f))]).toEqual([f, true]);
  }
  // the built pages load the ES5 boot script, which loads the bundle
  expect(fs.readFileSync(path.join(ROOT, "dist", "addin", "taskpane.html"), "utf8")).toMatch(/id="?capaian-boot"? src="?boot\.js"? data-bundle="?taskpane\.js"?/);
  expect(fs.readFileSync(path.join(ROOT, "dist", "addin", "commands.html"), "utf8")).toMatch(/id="?capaian-boot"? src="?boot\.js"? data-bundle="?commands\.js"?/);
  // a production build does not rewrite the manifest (https, as in the repository)
  expect(fs.readFileSync(path.join(ROOT, "dist", "addin", "manifest.xml"), "utf8")).toBe(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
}, 15 * 60_000);
