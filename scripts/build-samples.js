#!/usr/bin/env node
/**
 * Writes the quick-start sample workbooks samples/<id>.xlsx from the compiled test fixtures.
 *
 *   npx tsc -p tsconfig.cli.json     # compiles tests/fixtures into dist/node
 *   node scripts/build-samples.js    # or: npm run samples
 *
 * Deterministic: the fixtures fix the workbook dates and fixtureBuffer re-zips with fixed entry
 * dates, so an unchanged fixture gives byte-identical samples.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const SAMPLE_IDS = ["lumajang-2021-renja", "sumenep-2023", "sumenep-2023-matrix", "lumajang-2023-anggaran", "non-table-staff"];

async function main() {
  const root = path.resolve(__dirname, "..");
  const compiled = path.join(root, "dist", "node", "tests", "fixtures", "index.js");
  if (!fs.existsSync(compiled)) {
    console.error(`build-samples: ${path.relative(root, compiled)} not found; run "npx tsc -p tsconfig.cli.json" first`);
    return 2;
  }
  const { fixtureBuffer, getFixture } = require(compiled);
  const outDir = path.join(root, "samples");
  fs.mkdirSync(outDir, { recursive: true });
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : SAMPLE_IDS;
  for (const id of ids) {
    getFixture(id); // throws with the list of known ids
    const bytes = await fixtureBuffer(id);
    const file = path.join(outDir, `${id}.xlsx`);
    fs.writeFileSync(file, bytes);
    console.log(`${path.relative(root, file)}  ${bytes.length} bytes`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`build-samples: ${err && err.message ? err.message : err}`);
    process.exit(1);
  },
);
