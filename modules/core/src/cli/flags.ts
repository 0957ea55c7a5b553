import type { CommandArguments } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';

/** Flag readers that fail with the command's usage, so a typo gets the help text instead of a stack. */
export class Flags {
  /** Refuses flags outside `accepted`: a mistyped `--ownr` must not quietly create a user without its role. */
  constructor(
    private readonly args: CommandArguments,
    private readonly usage: string,
    accepted: readonly string[],
  ) {
    const unknown = Object.keys(args.flags).filter((name) => !accepted.includes(name));
    if (unknown.length > 0) throw coreError(CoreErrors.CLI_USAGE, `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `--${name}`).join(', ')}.`, { fix: this.usage });
    if (args.positionals.length > 0) throw coreError(CoreErrors.CLI_USAGE, `Unexpected argument${args.positionals.length > 1 ? 's' : ''} ${args.positionals.join(' ')}.`, { fix: this.usage });
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw coreError(CoreErrors.CLI_USAGE, `--${name} <value> is required.`, { fix: this.usage });
    return value;
  }

  optional(name: string): string | undefined {
    const value = this.args.flags[name];
    if (value === undefined || value === false) return undefined;
    if (value === true || value.length === 0) throw coreError(CoreErrors.CLI_USAGE, `--${name} needs a value.`, { fix: this.usage });
    return value;
  }

  /** A comma-separated list (`--locales en,ru`); flags are not repeatable. */
  list(name: string): string[] | undefined {
    return this.optional(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  boolean(name: string): boolean {
    return this.args.flags[name] === true || this.args.flags[name] === 'true';
  }
}
