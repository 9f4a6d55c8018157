/**
 * What an uploaded file really is, judged by its content and its name together. A file is accepted only when
 * its first bytes match a format on the allow list and its extension names that format; HTML, SVG, scripts
 * and executables are never accepted, whatever they are called.
 */
export interface DetectedType {
  contentType: string;
  extension: string;
}

const ZIP_FORMATS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  epub: 'application/epub+zip',
  zip: 'application/zip',
};

const TEXT_FORMATS: Record<string, string> = { csv: 'text/csv', txt: 'text/plain', vtt: 'text/vtt' };

const startsWith = (data: Buffer, bytes: number[], offset = 0) => data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The extension of a file name, lower-case, without the dot. */
export const extensionOf = (name: string) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** Formats by signature; each lists the extensions that may carry it. */
function sniff(data: Buffer): { types: Record<string, string> } | null {
  if (startsWith(data, ascii('%PDF-'))) return { types: { pdf: 'application/pdf' } };
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { types: { png: 'image/png' } };
  if (startsWith(data, [0xff, 0xd8, 0xff])) return { types: { jpg: 'image/jpeg', jpeg: 'image/jpeg' } };
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return { types: { webp: 'image/webp' } };
  if (startsWith(data, ascii('ftyp'), 4)) return { types: { mp4: 'video/mp4', m4a: 'audio/mp4' } };
  if (startsWith(data, ascii('ID3')) || startsWith(data, [0xff, 0xfb])) return { types: { mp3: 'audio/mpeg' } };
  if (startsWith(data, [0x1a, 0x45, 0xdf, 0xa3])) return { types: { webm: 'video/webm' } };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return { types: ZIP_FORMATS };
  // Text: valid UTF-8 with no NUL and no markup that a browser could take for a page.
  const text = data.toString('utf8');
  if (!data.includes(0) && Buffer.from(text, 'utf8').equals(data) && !/<\s*(html|script|svg|body|iframe|!doctype)/i.test(text.slice(0, 4096))) return { types: TEXT_FORMATS };
  return null;
}

/** The accepted type of an upload, or null when its content is not an allowed format or does not match its name. */
export function detectFileType(data: Buffer, name: string, allowed?: readonly string[]): DetectedType | null {
  if (!data.length) return null;
  const ext = extensionOf(name);
  const found = sniff(data);
  const contentType = found?.types[ext];
  if (!contentType || (allowed && !allowed.includes(ext))) return null;
  return { contentType, extension: ext };
}

/** Extensions a documents library accepts. */
export const DOCUMENT_EXTENSIONS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub', 'zip', 'csv', 'txt', 'png', 'jpg', 'jpeg', 'webp', 'mp4', 'webm', 'mp3', 'm4a'] as const;
