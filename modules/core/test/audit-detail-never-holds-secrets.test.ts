import t from 'tap';
import { stripSecrets } from '../src/services/audit';

t.test('keys named like password, token or secret are dropped at any depth', async (t) => {
  const detail = { email: 'a@b.test', password: 'x', input: { newPassword: 'y', apiToken: 'z', name: 'n', nested: [{ clientSecret: 's', keep: 1 }] }, Authorization: 'Bearer q' };
  t.same(stripSecrets(detail), { email: 'a@b.test', input: { name: 'n', nested: [{ keep: 1 }] } });
});
