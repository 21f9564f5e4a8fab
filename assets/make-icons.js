#!/usr/bin/env node
/**
 * Writes the add-in's icons (icon-16/32/64/80.png) with nothing but zlib: a green rounded square
 * (Excel's green) with three white rising bars and a base line — "capaian" (achievement) at a glance.
 * Run: node assets/make-icons.js
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y, size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const GREEN = [16, 124, 65, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

function icon(x, y, n) {
  const u = (v) => v * n; // unit → pixels
  const radius = Math.max(2, Math.round(n * 0.18));
  // rounded-square mask
  const cx = Math.min(Math.max(x + 0.5, radius), n - radius);
  const cy = Math.min(Math.max(y + 0.5, radius), n - radius);
  if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > radius * radius) return CLEAR;
  const base = u(0.8);
  // base line
  if (y >= Math.floor(base) && y < Math.floor(base) + Math.max(1, Math.round(n / 16)) && x >= u(0.16) && x < u(0.84)) return WHITE;
  // three rising bars
  const bars = [
    [0.2, 0.34, 0.58],
    [0.42, 0.56, 0.42],
    [0.64, 0.78, 0.22],
  ];
  for (const [x1, x2, top] of bars) if (x >= u(x1) && x < u(x2) && y >= u(top) && y < base) return WHITE;
  return GREEN;
}

for (const size of [16, 32, 64, 80]) {
  const file = path.join(__dirname, `icon-${size}.png`);
  fs.writeFileSync(file, png(size, icon));
  console.log(`${file} (${fs.statSync(file).size} bytes)`);
}
