import t from 'tap';
import { PasswordHasher } from '../src/services/passwords';

const config = { memoryCost: 19456, timeCost: 2, parallelism: 1, maxConcurrentHashes: 2, minLength: 10 };

t.test('stored hashes are argon2id with m=19456, t=2, p=1, and verify only the right password', async (t) => {
  const hasher = new PasswordHasher(config);
  const stored = await hasher.hash('correct horse battery');
  t.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  t.equal(await hasher.verify(stored, 'correct horse battery'), true);
  t.equal(await hasher.verify(stored, 'wrong horse battery'), false);
  t.equal(await hasher.verify('not a hash', 'anything'), false, 'a malformed hash fails the login instead of throwing');
  t.equal(hasher.needsRehash(stored), false);
});

t.test('a hash weaker than the configuration is flagged for rehashing at the next login', async (t) => {
  const weak = await new PasswordHasher(config).hash('correct horse battery');
  t.equal(new PasswordHasher({ ...config, memoryCost: 32768 }).needsRehash(weak), true);
});
