/** Decoded messages the local catcher received for an address, newest first (waits up to 30 s for one that matches). */
export async function mailMatching(to: string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 60; i++) {
    const messages = (await (await fetch(`http://127.0.0.1:3998/?to=${encodeURIComponent(to)}`)).json()) as { raw: string }[];
    for (const m of messages.reverse()) {
      const decoded = m.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      const match = pattern.exec(decoded);
      if (match) return match;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail for ${to} matching ${pattern}`);
}

/** The path of the newest link to `path` followed by a token (dot-separated parts allowed), in mail for an address. */
export async function mailLink(to: string, path: string): Promise<string> {
  return new URL((await mailMatching(to, new RegExp(`https?://[^\\s"<]+${path}[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*`)))[0]).pathname;
}
