/**
 * A local-stack switch read from the environment: unset is the first choice (the default),
 * any value not listed is refused with the values it accepts, so that a typo never runs the
 * stack in another mode than asked.
 */
export function envChoice<T extends string>(
  name: string,
  raw: string | undefined,
  choices: readonly [T, ...T[]],
): T {
  if (raw === undefined) return choices[0];
  const found = choices.find((c) => c === raw);
  if (found !== undefined) return found;
  const [first, ...rest] = choices.map((c) => `"${c}"`);
  throw new Error(`${name}=${raw}: expected ${first} (the default) or ${rest.join(" or ")}`);
}
