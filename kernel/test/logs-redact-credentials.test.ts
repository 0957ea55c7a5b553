import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger, redactUrl } from '../src/log';

t.test('authorization, cookie, password and token never reach the log output', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'info', destination: sink });
  log.info({ req: { headers: { authorization: 'Bearer abc123', cookie: 'sid=s3ss10n' } } }, 'request');
  log.info({ user: { email: 'a@b.c', password: 'hunter2' }, session: { token: 'tok-999' } }, 'login');
  const output = lines.join('');
  for (const secret of ['abc123', 's3ss10n', 'hunter2', 'tok-999']) t.notMatch(output, secret, `${secret} is redacted`);
  t.match(output, /a@b\.c/, 'non-secret fields are kept');
  t.match(output, /\[redacted\]/);
});

t.test('database URLs are shown without their password', async (t) => {
  t.equal(redactUrl('postgres://app:s3cret@db:5432/rustok'), 'postgres://app:***@db:5432/rustok');
  t.equal(redactUrl('not a url'), '<unparsable URL>');
});
