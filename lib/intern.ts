/**
 * A value's position in a list of distinct values, added at the end when new: how the columnar
 * event snapshots and the funnel engine turn repeated strings (and shapes, keyed by their JSON)
 * into small integers.
 */
export function indexIn<T>(map: Map<string, number>, list: T[], key: string, value: T = key as T): number {
  let i = map.get(key);
  if (i === undefined) {
    i = list.length;
    list.push(value);
    map.set(key, i);
  }
  return i;
}
