import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The running kernel's version, which module manifests' `kernel` ranges are checked against. */
export const KERNEL_VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
