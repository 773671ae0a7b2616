/** Why a value was refused: completes "<setting>=<value> <problem>; <accepted>". */
export class SettingRejection extends Error {
  readonly problem: string;
  readonly accepted: string;
  constructor(problem: string, accepted: string) {
    super(`${problem}; ${accepted}`);
    this.name = 'SettingRejection';
    this.problem = problem;
    this.accepted = accepted;
  }
}

/**
 * A setting that comes as a value (a config file) or as its JSON text (a flag, the environment):
 * the value, or `undefined` for empty text, `null` and `undefined`. Text that is not JSON throws
 * a {@link SettingRejection} completed by `accepted`.
 */
export function jsonSettingValue(raw: unknown, accepted: string): unknown {
  if (typeof raw !== 'string') return raw ?? undefined;
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) ?? undefined;
  } catch (error) {
    throw new SettingRejection(`is not JSON (${(error as Error).message})`, accepted);
  }
}
