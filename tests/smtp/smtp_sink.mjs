// A local SMTP server for the integration tests (tests/integration/smtp_sink.cpp starts it).
//
// Listens on 127.0.0.1 on a port the system picks and prints one line,
// "smtp listening on 127.0.0.1:<port>", then one JSON line per mail it receives:
//   {"from": ..., "to": [...], "subject": ..., "text": ..., "headers": [...]}
// from and to are the envelope (MAIL FROM, RCPT TO); subject and text are decoded by
// mailparser; headers are the header lines exactly as they arrived, split at every CR or LF,
// so a line break smuggled into a header shows as a line of its own.
//
// Takes any sender and recipient, with no authentication and no TLS. Exits on SIGTERM or
// SIGINT, when its stdin closes, and by itself after five minutes at the latest.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const kMaxLifetimeMs = 5 * 60 * 1000;
const kMaxMessageBytes = 1024 * 1024;

function emit(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function headerLines(raw) {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).split(/\r\n|\r|\n/);
}

async function report(raw, session) {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  emit({
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    headers: headerLines(raw),
  });
}

const server = new SMTPServer({
  banner: 'CollabCanvas test mail sink',
  disabledCommands: ['AUTH', 'STARTTLS'],
  hideSTARTTLS: true,
  authOptional: true,
  logger: false,
  size: kMaxMessageBytes,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        const error = new Error('message too large');
        error.responseCode = 552;
        callback(error);
        return;
      }
      report(Buffer.concat(chunks), session).then(
        () => callback(),
        (error) => {
          console.error(`smtp sink: cannot parse a mail: ${error.stack ?? error}`);
          callback(error);
        },
      );
    });
  },
});

let stopping = false;
function stop(why) {
  if (stopping) return;
  stopping = true;
  console.error(`smtp sink: ${why}; exiting`);
  // Open connections are cut after a moment rather than waited for.
  setTimeout(() => process.exit(0), 1000).unref();
  server.close(() => process.exit(0));
}

server.on('error', (error) => {
  console.error(`smtp sink: ${error.stack ?? error}`);
  process.exit(1);
});

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.stdin.on('end', () => stop('stdin closed'));
process.stdin.on('error', () => stop('stdin failed'));
process.stdin.resume();
setTimeout(() => stop('five minutes passed'), kMaxLifetimeMs).unref();

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`smtp listening on 127.0.0.1:${server.server.address().port}\n`);
});
