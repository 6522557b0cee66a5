// The gaps workflow (README, "Finding what is not traced"): `ms` is an npm package, so by default its
// calls are gaps; `breadcrumb config edit NAME --add-include 'ms/**'` traces them on the next run.
const ms = require('ms');

function describeTimeout(text) {
  const millis = ms(text);
  return `${text} = ${millis} ms = ${ms(millis, { long: true })}`;
}

for (const text of ['90s', '2h', '1.5d']) {
  console.log(describeTimeout(text));
}
