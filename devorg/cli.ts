/**
 * `npm run devorg -- [--import FILE] [--export-on-exit FILE]`: the command line devorg reads (settings
 * are the config file's and the environment's; these are things to do). An unknown or incomplete
 * option stops it with the usage.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config';

export interface CliArgs {
  /** A snapshot to restore before serving (dev/snapshot.ts). */
  import?: string;
  /** Where to write a snapshot when devorg stops. */
  exportOnExit?: string;
}

export const USAGE = 'usage: npm run devorg -- [--import FILE] [--export-on-exit FILE]';

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: { import?: string; 'export-on-exit'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { import: { type: 'string' }, 'export-on-exit': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ConfigError(`devorg: ${(err as Error).message}\n${USAGE}`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new ConfigError(`devorg: --${name} needs a file name\n${USAGE}`);
  }
  return {
    ...(values.import ? { import: values.import } : {}),
    ...(values['export-on-exit'] ? { exportOnExit: values['export-on-exit'] } : {}),
  };
}
