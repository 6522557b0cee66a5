// Two errors from the same function: the first caught at the top level (code Breadcrumb does not
// trace), the second uncaught: it ends the process with exit code 1.
function parsePort(text) {
  const port = Number(text);
  if (!Number.isInteger(port)) throw new TypeError(`not a port: ${text}`);
  return port;
}

try {
  parsePort('http');
} catch (error) {
  console.log('default port, because', error.message);
}
console.log('port', parsePort('8080'));
parsePort('80a');
