/** Appends to a key's list in a map of lists, in place (copying the list on each add is quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
