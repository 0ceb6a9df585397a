import { ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error';

/** How a command's refusal of its arguments reads: "verify: <what was wrong>; <takes>, as in: <example>". */
export interface CommandUsage {
  /** The command as typed, the first word of the message. */
  readonly command: string;
  /** What the command takes, such as "it takes --max-faults and --format". */
  readonly takes: string;
  /** A whole command line that works. */
  readonly example: string;
}

/** node:util parseArgs, strict, with an unknown or malformed argument refused as one line naming the command. */
export function parseCommandArguments<const T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(
  args: readonly string[],
  usage: CommandUsage,
  config: T,
) {
  try {
    return parseArgs({ ...config, args: [...args], strict: true as const });
  } catch (error) {
    throw new UsageError(`${usage.command}: ${reasonOf(error)}; ${usage.takes}, as in: ${usage.example}`);
  }
}

/** parseArgs' first sentence, which names the argument; its advice names no Samspår option. */
function reasonOf(error: unknown): string {
  // parseArgs errors may come from another realm (jest), where instanceof Error fails.
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).split('. ')[0]!.replace(/\s+/g, ' ');
}
