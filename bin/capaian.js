#!/usr/bin/env node
"use strict";
// Entry point of the `capaian` command. The TypeScript sources are compiled to dist/node by
// `npm install` (the prepare script) or `npm run build:cli`.
const path = require("path");
const fs = require("fs");
const main = path.join(__dirname, "..", "dist", "node", "src", "cli", "main.js");
if (!fs.existsSync(main)) {
  process.stderr.write("capaian: not built yet; run `npm install` (or `npm run build:cli`) in the project first\n");
  process.exit(2);
}
require(main).run(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`capaian: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(2);
});
