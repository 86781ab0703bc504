/**
 * Time to accept a 1 MB JPEG through the legacy multipart update, end to end
 * against the production server (`pnpm start`), and its memory while doing it.
 *
 *   pnpm build && pnpm bench
 */
import sharp from "sharp";

import { signInToBuiltApp, startBuiltApp } from "../test/support/built-app";
import { megabytes as mb, rssKiB } from "../test/support/process-usage";

const ROUNDS = 30;

/**
 * A JPEG of about 1 MB. Smooth gradients with noise on top, so it compresses
 * like a photo; the side grows until the file reaches the target size.
 */
async function jpegOfAboutOneMegabyte(): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  for (let width = 800; ; width += 100) {
    const height = Math.round(width * 0.75);
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        pixels[i] = (x * 255) / width + random() * 40;
        pixels[i + 1] = (y * 255) / height + random() * 40;
        pixels[i + 2] = 128 + random() * 40;
      }
    }
    const bytes = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    if (bytes.byteLength >= 1_000_000) return { bytes, width, height };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchPictureUpload(): Promise<string> {
  const app = await startBuiltApp();
  try {
    const cookie = `JSESSIONID=${await signInToBuiltApp(app)}`;
    const jpeg = await jpegOfAboutOneMegabyte();
    const jpegBytes = jpeg.bytes;
    const pid = app.server.pid!;
    const post = async () => {
      const form = new FormData();
      form.set("imageFile", new File([new Uint8Array(jpegBytes)], "storefront.jpg", { type: "image/jpeg" }));
      const started = performance.now();
      const response = await fetch(`${app.baseUrl}/api/v1.0/customers/256`, { method: "POST", headers: { cookie }, body: form });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`upload answered ${response.status}`);
      return performance.now() - started;
    };

    await post(); // warm-up: first request compiles routes and loads sharp
    const idle = rssKiB(pid);
    const timings: number[] = [];
    let peakDuring = 0;
    const sampler = setInterval(() => (peakDuring = Math.max(peakDuring, rssKiB(pid).rss)), 20);
    for (let i = 0; i < ROUNDS; i++) timings.push(await post());
    clearInterval(sampler);
    const after = rssKiB(pid);
    timings.sort((a, b) => a - b);

    return [
      `### Picture upload: 1 MB JPEG through \`POST /api/v1.0/customers/256\` (multipart), \`pnpm start\`'s server, embedded database, local disk`,
      "",
      `JPEG: ${(jpegBytes.byteLength / 1_000_000).toFixed(2)} MB, ${jpeg.width}x${jpeg.height}; ${ROUNDS} sequential uploads after one warm-up.`,
      "",
      "| measure | value |",
      "|---|---|",
      `| time to accept, median | ${percentile(timings, 50).toFixed(0)} ms |`,
      `| time to accept, p95 | ${percentile(timings, 95).toFixed(0)} ms |`,
      `| time to accept, fastest / slowest | ${timings[0]!.toFixed(0)} / ${timings.at(-1)!.toFixed(0)} ms |`,
      `| server RSS before the run (after warm-up) | ${mb(idle.rss)} |`,
      `| server RSS, highest sample during the run | ${mb(peakDuring)} |`,
      `| server RSS after the run / process peak (VmHWM) | ${mb(after.rss)} / ${mb(after.peak)} |`,
    ].join("\n");
  } finally {
    await app.stop();
  }
}
