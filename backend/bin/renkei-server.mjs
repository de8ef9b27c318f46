#!/usr/bin/env node
// Runs renkei-server from its TypeScript sources (tsx compiles on the fly).
import { register } from 'tsx/esm/api';

register();
const { runServer } = await import('../src/server/main.ts');
await runServer(process.argv.slice(2));
