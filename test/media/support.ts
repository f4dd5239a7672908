/**
 * Test support for media: real small images made with sharp (a deterministic gradient, so the bytes are the same
 * on every run), documents of known sizes, and the media fixture site copied into a temp folder with them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { copyFixture } from '../support/site.ts';

/** Writes a `width`×`height` image with a colour gradient, as JPEG or PNG, at `file` (folders created). */
export async function makeImage(file: string, width: number, height: number, format: 'jpeg' | 'png' = 'jpeg', hue = 0): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width + hue;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x + y) * 97 + hue) % 256;
    }
  }
  await mkdir(path.dirname(file), { recursive: true });
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  await (format === 'jpeg' ? image.jpeg({ quality: 90 }) : image.png()).toFile(file);
}

/** Writes `size` bytes at `file`, starting with `head` (e.g. "%PDF-1.4"). */
export async function makeFile(file: string, size: number, head = ''): Promise<void> {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write(head);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/** The images of the media fixture site: path under content/ → [width, height, format]. */
export const SITE_IMAGES: Record<string, [number, number, 'jpeg' | 'png']> = {
  'tin-tuc/hoi-nghi/quang-canh.jpg': [2000, 1000, 'jpeg'],
  'tin-tuc/hoi-nghi/anh-1.jpg': [800, 600, 'jpeg'],
  'tin-tuc/hoi-nghi/so-do.png': [600, 400, 'png'],
  'tin-tuc/ra-quan/poster.jpg': [1280, 720, 'jpeg'],
  'media/logo-phuong.png': [300, 300, 'png'],
};

/** 245 KB, the size the attachment list must show for the PDF. */
export const PDF_SIZE = 245 * 1024 + 100;
/** About 1,2 MB. */
export const XLSX_SIZE = Math.round(1.2 * 1024 * 1024);

/** Copies `test/fixtures/media/<name>` to a temp folder and adds its images and files. */
export async function mediaSite(name = 'site'): Promise<string> {
  const root = await copyFixture(`media/${name}`);
  let hue = 0;
  for (const [rel, [w, h, format]] of Object.entries(SITE_IMAGES)) await makeImage(path.join(root, 'content', rel), w, h, format, (hue += 40));
  await makeFile(path.join(root, 'content/tin-tuc/hoi-nghi/ke-hoach.pdf'), PDF_SIZE, '%PDF-1.4\n');
  await makeFile(path.join(root, 'content/tin-tuc/hoi-nghi/bang-tong-hop.xlsx'), XLSX_SIZE, 'PK');
  await makeFile(path.join(root, 'content/media/gioi-thieu.mp4'), 4096, '\0\0\0\x18ftypmp42');
  return root;
}
