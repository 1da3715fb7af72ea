// Command-line parsing shared by the peer servers: `--name value` pairs only.
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!key || !(key in defaults) || i + 1 >= argv.length) {
      console.error(`unknown or incomplete option ${argv[i]}; known: ${Object.keys(defaults).join(', ')}`);
      process.exit(2);
    }
    out[key] = argv[i + 1];
  }
  return out;
}

// The harness waits for this line before it starts a scenario.
export function announce(name, port) {
  console.log(`${name} listening on 127.0.0.1:${port}`);
}
