import { runCli } from './cli';

// Exits when the command is done, whatever handles a driver left open.
void runCli(process.argv.slice(2), process.env, process).then((code) => process.exit(code));
