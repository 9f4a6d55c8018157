/**
 * WebVTT captions (https://www.w3.org/TR/webvtt1/): checked when saved, so that a track that a browser would
 * reject never reaches learners, and read for the transcript when the author wrote none.
 */

export interface Cue {
  start: number;
  end: number;
  /** The cue's text without markup; a voice span's speaker first ("Speaker: text"). */
  text: string;
}

export type VttResult = { ok: true; cues: Cue[] } | { ok: false; problem: 'header' | 'timing' | 'empty'; line: number };

const TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function seconds(s: string): number | null {
  const m = TIME.exec(s);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

/** A cue's payload as plain text: voice spans name their speaker, other tags go, character references are read. */
function plain(payload: string): string {
  return payload
    .replace(/<v(?:\.[^\s>]*)?\s+([^>]+)>/g, '$1: ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .trim();
}

/** Normalises line ends (CRLF, CR) and drops a byte-order mark, as a WebVTT parser does. */
export const normaliseVtt = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** Parses a WebVTT file; a problem names the (1-based) line where it was found. */
export function parseVtt(source: string): VttResult {
  const lines = normaliseVtt(source).split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, problem: 'header', line: 1 };
  const cues: Cue[] = [];
  let i = 1;
  // Header lines run until the first blank line.
  while (i < lines.length && lines[i]!.trim() !== '') i++;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    // NOTE, STYLE and REGION blocks carry no cue.
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0]!)) continue;
    const timingAt = block[0]!.includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    const m = timing ? /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/.exec(timing) : null;
    const start = m ? seconds(m[1]!) : null;
    const end = m ? seconds(m[2]!) : null;
    if (start === null || end === null || end <= start) return { ok: false, problem: 'timing', line: blockStart + timingAt + 1 };
    const text = plain(block.slice(timingAt + 1).join('\n'));
    if (text) cues.push({ start, end, text });
  }
  return cues.length ? { ok: true, cues } : { ok: false, problem: 'empty', line: lines.length };
}

/**
 * A readable transcript from captions: cues joined into paragraphs, a new paragraph where the speaker changes
 * or after a pause of two seconds or more.
 */
export function transcriptOf(cues: Cue[]): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let lastEnd = -Infinity;
  for (const cue of cues) {
    const speaker = /^[^:]{1,40}: /.test(cue.text);
    if (current && (speaker || cue.start - lastEnd >= 2)) {
      paragraphs.push(current);
      current = '';
    }
    current = current ? `${current} ${cue.text}` : cue.text;
    lastEnd = cue.end;
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}
