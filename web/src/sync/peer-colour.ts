const PEER_COLOURS = ['#e5484d', '#0091ff', '#30a46c', '#f76b15', '#8e4ec6', '#d6409f', '#12a594', '#ad7f58', '#3e63dd', '#e54666'];

/** A peer's colour: the same for a connection on every client, from a hash of its id. */
export function colourFor(client: string): string {
  let hash = 0;
  for (let i = 0; i < client.length; i++) hash = (hash * 31 + client.charCodeAt(i)) | 0;
  return PEER_COLOURS[Math.abs(hash) % PEER_COLOURS.length] ?? '#e5484d';
}
