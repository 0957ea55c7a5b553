import { spawn, type ChildProcess } from 'node:child_process';
import { RUSTOK_BIN } from './cli';
import type { TeardownHost } from './fixture-project';

export interface ServerProcess {
  child: ChildProcess;
  graphqlUrl: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  signalledAt: number;
  graphql<T = Record<string, unknown>>(query: string): Promise<{ status: number; body: { data?: T; errors?: Array<{ extensions?: { code?: string } }> } }>;
}

/** Starts `rustok <command>` as a real process and waits for the GraphQL URL it prints. */
export async function startServerProcess(t: TeardownHost, command: 'start' | 'dev', projectRoot: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [RUSTOK_BIN, command, '--project', projectRoot], { env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const state = { signalledAt: 0 };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - state.signalledAt })));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  const graphqlUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 90 s:\n${output}`)), 90_000);
    const poll = setInterval(() => {
      const match = /GraphQL: (http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1] as string);
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`server exited with ${child.exitCode}:\n${output}`));
      }
    }, 50);
  });
  const server: ServerProcess = {
    child,
    graphqlUrl,
    output: () => output,
    exited,
    get signalledAt() {
      return state.signalledAt;
    },
    async graphql(query) {
      const response = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return { status: response.status, body: (await response.json()) as never };
    },
  };
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    state.signalledAt = Date.now();
    return kill(signal);
  };
  return server;
}
