// Handles SIGINT the way a server shuts down cleanly: says so and exits 130.
function shutDown(signal) {
  console.log(`got ${signal}`);
  process.exit(130);
}

process.on('SIGINT', shutDown);
console.log('ready');
setInterval(() => {}, 1000);
