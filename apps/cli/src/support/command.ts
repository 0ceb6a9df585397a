import type { AppConfig } from '@samspar/platform';

/** What a command prints, and how the process ends. */
export interface CommandResult {
  /** For stdout: what a pipe or $(…) captures. */
  readonly output: string;
  /** One line for stderr, kept apart from the output. */
  readonly notice?: string;
  /** 1 when the command found faults; 0 when left out. */
  readonly exitCode?: number;
}

/** One samspar command: its name, its help (whose first line is its entry in samspar --help), and what it does. */
export interface Command {
  readonly name: string;
  readonly help: string;
  run(args: readonly string[], config: AppConfig): Promise<CommandResult>;
}
