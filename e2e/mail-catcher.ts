// A local mail catcher for the browser tests: a real SMTP server, and an HTTP endpoint that lists what it received.
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const smtpPort = Number(process.env.CATCHER_SMTP_PORT ?? 2525);
const httpPort = Number(process.env.CATCHER_HTTP_PORT ?? 3998);
const messages: { to: string[]; raw: string; at: number }[] = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      cb();
    });
  },
});
smtp.listen(smtpPort, '127.0.0.1');

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const to = url.searchParams.get('to');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(messages.filter((m) => !to || m.to.includes(to))));
}).listen(httpPort, '127.0.0.1');
