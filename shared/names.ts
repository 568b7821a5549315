/**
 * Names users choose (clinical variables, feature-table columns, lesion names …) end up as keys of plain
 * objects that travel as JSON and through zod schemas. Two rules keep that safe:
 * - look such a key up as an own property only (ownValue / Object.hasOwn, or use a Map): a variable called
 *   "constructor" or "toString" must not find Object.prototype's function when a record lacks it;
 * - refuse the one name no plain object can carry: assigning "__proto__" sets the prototype instead of a
 *   property, so the value would vanish (JSON.parse keeps it, zod's records and spreads do not).
 */

/** Names refused as user-given keys. */
const UNUSABLE_NAMES: ReadonlySet<string> = new Set(['__proto__']);

/** Why `name` cannot be a user-given key, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  return UNUSABLE_NAMES.has(name)
    ? 'this name cannot be used (JavaScript reserves it); rename it'
    : undefined;
}

/** record[key] when it is the record's own property, else undefined (never an inherited member). */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  key: string,
): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
