function fail(code) {
  console.log(`exiting with ${code}`);
  process.exitCode = code;
}

fail(3);
