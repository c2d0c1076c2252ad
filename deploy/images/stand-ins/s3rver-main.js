// The s3rver command: @20minutes/s3rver 5.0.0 declares bin/s3rver.js but does not ship it; this is what it did.
// lib/cli.js exports parseAsync(argv), which drops argv[0..1] (node and this script).
require('/opt/s3rver/node_modules/@20minutes/s3rver/lib/cli.js')
  .parseAsync(process.argv)
  .catch((e) => { console.error(e); process.exit(1); });
