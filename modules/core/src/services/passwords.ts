import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';
import type { PasswordConfig } from '../config';
import { Semaphore } from './semaphore';

/** Algorithm.Argon2id: the package declares it as a const enum, which has no runtime object to read under tsx/esbuild. */
const ARGON2ID = 2;

/**
 * argon2id hashing (m=19456 KiB, t=2, p=1 by default, never weaker: the
 * config schema has those as minimums), with a cap on hashes in flight.
 */
export class PasswordHasher {
  readonly #options: Options;
  readonly #limit: Semaphore;
  #dummy: Promise<string> | null = null;

  constructor(private readonly config: PasswordConfig) {
    this.#options = { algorithm: ARGON2ID, memoryCost: config.memoryCost, timeCost: config.timeCost, parallelism: config.parallelism };
    this.#limit = new Semaphore(config.maxConcurrentHashes);
  }

  get minLength(): number {
    return this.config.minLength;
  }

  hash(password: string): Promise<string> {
    return this.#limit.run(() => hash(password, this.#options));
  }

  /** False (never a throw) for a malformed stored hash: a login must fail, not crash. */
  verify(stored: string, password: string): Promise<boolean> {
    return this.#limit.run(async () => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    });
  }

  /**
   * Spends one verification on a throwaway hash of the current parameters,
   * so a login for an unknown email takes as long as one with a wrong password.
   */
  async verifyDummy(password: string): Promise<void> {
    this.#dummy ??= this.hash(randomBytes(16).toString('base64url'));
    await this.verify(await this.#dummy, password);
  }

  /** Whether a stored hash is weaker than (or not) the configured argon2id: rehash it at the next successful login. */
  needsRehash(stored: string): boolean {
    try {
      const used = parseOptions(stored);
      return used.algorithm !== ARGON2ID || used.memoryCost < this.config.memoryCost || used.timeCost < this.config.timeCost || used.parallelism < this.config.parallelism;
    } catch {
      return true;
    }
  }
}
