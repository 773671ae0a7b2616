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
