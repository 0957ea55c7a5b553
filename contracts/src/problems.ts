/**
 * One contract problem found by the boot gate. `rustok check --json` prints a
 * list of these; it is a stable, machine-readable contract.
 */
export interface ContractProblem {
  /** Stable code, `RTK_<AREA>_<WHAT>`. */
  code: string;
  /** Human-readable summary of the problem. */
  message: string;
  /** Module id the problem belongs to, when it belongs to one. */
  module?: string;
  /** File the problem was found in (relative to the project root where possible). */
  file?: string;
  /** JSON path or dotted field inside that file. */
  path?: string;
  expected?: string;
  received?: string;
  /** What the operator or module author should do. */
  fix: string;
}
