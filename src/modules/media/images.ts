import type { Metadata, OutputInfo, default as Sharp } from 'sharp';
import type { ImageFormat } from './schema.js';

/** Widths served in `srcset`; an image narrower than one of them is also kept at its own width. */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;
/** Decompression bombs: a small file that decodes to a huge canvas is refused before it is decoded. */
export const MAX_INPUT_PIXELS = 40_000_000;

/** libvips is loaded on the first upload, not at start-up: most processes (CLI, workers) never touch an image. */
let loaded: Promise<typeof Sharp> | null = null;
const loadSharp = () =>
  (loaded ??= import('sharp').then(({ default: sharp }) => {
    // The operation cache only helps repeated work on the same image, which an upload never does.
    sharp.cache(false);
    return sharp;
  }));

export class ImageError extends Error {
  constructor(public readonly messageKey: string) {
    super(messageKey);
  }
}

export interface EncodedVariant {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: Buffer;
  contentType: string;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
export const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * Re-encodes an uploaded image into each width, in WebP and in its own format. Only pixels survive: EXIF
 * (with any GPS position), XMP, IPTC and comments are dropped, the image is turned upright first, and
 * colours are converted to sRGB. The upload's bytes are decoded once.
 */
export async function encodeImage(bytes: Buffer, expected: ImageFormat): Promise<{ width: number; height: number; variants: EncodedVariant[] }> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the check below says why an image is refused.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new ImageError('errors.imageBroken');
  }
  // The signature check already chose the format; the decoder must agree (sharp also reads SVG, PDF, TIFF…).
  if (meta.format !== expected) throw new ImageError('errors.imageType');
  if (!meta.width || !meta.height) throw new ImageError('errors.imageBroken');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw new ImageError('errors.imageTooLarge');

  const upright = (meta.orientation ?? 1) >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  const largest = Math.min(upright.width, IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]);
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await sharp(bytes, options).rotate().resize({ width: largest, withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageError('errors.imageBroken');
  }
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
  const widths = [...new Set([...IMAGE_WIDTHS.filter((w) => w < base.info.width), base.info.width])].sort((a, b) => a - b);
  const formats: ImageFormat[] = expected === 'webp' ? ['webp'] : ['webp', expected];
  const variants: EncodedVariant[] = [];
  for (const width of widths) {
    for (const format of formats) {
      const pipeline = sharp(base.data, { raw }).resize({ width });
      const encoded = format === 'webp' ? pipeline.webp({ quality: 80 }) : format === 'jpeg' ? pipeline.jpeg({ quality: 82, progressive: true }) : pipeline.png({ compressionLevel: 8 });
      const out = await encoded.toBuffer({ resolveWithObject: true });
      variants.push({ format, width: out.info.width, height: out.info.height, bytes: out.data, contentType: CONTENT_TYPES[format] });
    }
  }
  return { width: base.info.width, height: base.info.height, variants };
}
