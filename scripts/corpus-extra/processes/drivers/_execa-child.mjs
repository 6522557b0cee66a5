// The child execa.mjs starts with execaNode (not a driver): it talks to its parent through execa's
// own IPC helpers, then runs a grandchild with execa's template syntax.
import { getOneMessage, sendMessage, $ } from 'execa';

const request = await getOneMessage();
const words = request.text.split(/\s+/).filter(Boolean);
await sendMessage({ count: words.length, longest: words.reduce((a, b) => (b.length > a.length ? b : a), '') });
const { stdout } = await $({ input: request.text })`${process.execPath} ${request.child} upper`;
await sendMessage({ grandchild: stdout });
if (request.fail) process.exitCode = 4;
