// Waits forever, and so does a child it starts: `--timeout` must stop both.
const { spawn } = require('node:child_process');

function tick(n) {
  return n + 1;
}

const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log(`waiting (child ${child.pid})`);
let n = 0;
setInterval(() => {
  n = tick(n);
}, 50);
