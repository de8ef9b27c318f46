#!/usr/bin/env node
// Runs renkei-admin from its TypeScript sources (tsx compiles on the fly).
import { register } from 'tsx/esm/api';

// `renkei-admin … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
register();
const { runAdmin } = await import('../src/cli/renkei-admin.ts');
process.exitCode = await runAdmin(process.argv.slice(2));
