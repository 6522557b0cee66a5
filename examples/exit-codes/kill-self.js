function work(n) {
  return n * 2;
}

console.log('before', work(21));
// Give the runtime one spool flush, then die the hard way: nothing runs after this.
setTimeout(() => process.kill(process.pid, 'SIGKILL'), 200);
