// Draws the app icon (build/icon.png, 512×512 RGBA) with no dependencies: a dark rounded tile, an axial
// "slice" disc in blue, and a red contoured lesion. Run: node build/make-icon.mjs
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const size = 512;
const px = Buffer.alloc(size * size * 4);

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const smooth = (edge0, edge1, x) => Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
const mix = (a, b, t) => a.map((v, n) => v + (b[n] - v) * t);

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const u = x + 0.5;
    const v = y + 0.5;
    // Rounded tile (radius 96, margin 16).
    const qx = Math.max(Math.abs(u - 256) - (240 - 96), 0);
    const qy = Math.max(Math.abs(v - 256) - (240 - 96), 0);
    const tile = 1 - smooth(-1, 1, Math.hypot(qx, qy) - 96);
    let rgb = mix([23, 32, 44], [12, 18, 28], v / size);
    // Slice disc with a radial gradient.
    const r = Math.hypot(u - 256, v - 262);
    const disc = 1 - smooth(168, 171, r);
    rgb = mix(rgb, mix([124, 196, 255], [31, 111, 235], Math.min(1, r / 170)), disc * 0.95);
    // Lesion: an irregular blob, filled translucent red with a bright contour.
    const a = Math.atan2(v - 236, u - 296);
    const lr = 62 + 10 * Math.sin(3 * a) + 6 * Math.cos(5 * a);
    const d = Math.hypot(u - 296, v - 236) - lr;
    rgb = mix(rgb, [235, 64, 52], (1 - smooth(-1, 1, d)) * 0.6);
    rgb = mix(rgb, [255, 90, 70], 1 - smooth(2, 5, Math.abs(d)));
    const o = (y * size + x) * 4;
    px[o] = Math.round(rgb[0]);
    px[o + 1] = Math.round(rgb[1]);
    px[o + 2] = Math.round(rgb[2]);
    px[o + 3] = Math.round(255 * tile);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
process.stderr.write(`wrote ${out} (${png.length} bytes)\n`);
