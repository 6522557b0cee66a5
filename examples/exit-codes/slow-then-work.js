// Works after a pause, then leaves a marker: a test kills the CLI during the pause and checks that
// the events the program records afterwards still reach the database.
const fs = require('node:fs');

function square(n) {
  return n * n;
}

setTimeout(() => {
  console.log(square(12));
  fs.writeFileSync(process.argv[2], 'done');
}, 1500);
