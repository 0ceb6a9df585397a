import type { Command } from '../support';
import { demoGenerateCommand } from './demo-generate';
import { exportCommand } from './export';
import { gallringCommand } from './gallring';
import { migrateCommand } from './migrate';
import { rebuildCommand } from './rebuild';
import { replayCommand } from './replay';
import { reportCommand } from './report';
import { tokenCommand } from './token';
import { verifyCommand } from './verify';

/** Every samspar command, in the order samspar --help lists them. */
export const COMMANDS: readonly Command[] = [
  migrateCommand,
  tokenCommand,
  demoGenerateCommand,
  rebuildCommand,
  reportCommand,
  replayCommand,
  exportCommand,
  verifyCommand,
  gallringCommand,
];
