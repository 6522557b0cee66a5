export async function main(argv: string[]): Promise<void> {
  process.stderr.write(`breadcrumb: not built yet (${argv.join(' ')})\n`);
  process.exitCode = 2;
}
