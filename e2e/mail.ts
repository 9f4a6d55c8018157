/** The newest message the local catcher received for an address whose text matches (waits up to 30 s). */
async function newest(to: string, test: (raw: string) => RegExpExecArray | null): Promise<{ raw: string; match: RegExpExecArray }> {
  for (let i = 0; i < 60; i++) {
    const messages = (await (await fetch(`http://127.0.0.1:${process.env.CATCHER_HTTP_PORT ?? 3998}/?to=${encodeURIComponent(to)}`)).json()) as { raw: string }[];
    for (const m of messages.reverse()) {
      const match = test(m.raw);
      if (match) return { raw: m.raw, match };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no matching mail for ${to}`);
}

/** Quoted-printable soft breaks and escapes undone: enough to find links in a message. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** A match of the pattern in the newest message for an address, read with quoted-printable undone. */
export const mailMatching = async (to: string, pattern: RegExp) => (await newest(to, (raw) => pattern.exec(decoded(raw)))).match;

/** The newest message for an address, exactly as received, whose raw text matches the pattern. */
export const rawMail = async (to: string, pattern: RegExp) => (await newest(to, (raw) => pattern.exec(raw))).raw;

/** The path of the newest link to `path` followed by a token (dot-separated parts allowed), in mail for an address. */
export async function mailLink(to: string, path: string): Promise<string> {
  return new URL((await mailMatching(to, new RegExp(`https?://[^\\s"<]+${path}[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*`)))[0]).pathname;
}
