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
require(main).run(process.argv.slice(2)).then(exit, (err) => {
  process.stderr.write(`capaian: ${err && err.message ? err.message : String(err)}\n`);
  exit(2);
});

// process.exit() right away would drop what a pipe has not taken yet (writes to a pipe are
// asynchronous: `check --json | jq` got the first 128 KiB). Exit once stdout and stderr have
// passed everything on (or failed: a reader that went away, as with `| head`).
function exit(code) {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.once("error", () => process.exit(code));
    stream.write("", done);
  }
}
