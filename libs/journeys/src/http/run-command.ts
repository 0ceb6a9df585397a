import type { EventStore } from '@samspar/event-store';
import type { ExpectedRevision } from '@samspar/event-store';
import { CommandResult } from '@samspar/platform';
import { CommandContext, StreamDecider, handleCommand } from '../command-handling';

/** Read, decide, append, and answer with what a client needs to chain the next command. */
export async function runCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  id: string,
  streamId: string,
  decider: StreamDecider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  ifMatch?: ExpectedRevision,
): Promise<CommandResult> {
  const outcome = await handleCommand(store, streamId, decider, command, context, typeof ifMatch === 'number' ? { ifMatch } : {});
  return { id, revision: outcome.revision, position: outcome.position! };
}
