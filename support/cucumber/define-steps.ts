import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../world';

/**
 * A step is declared once: its phrasing (the cucumber expression), its section of the vocabulary,
 * an example and an optional note, and its code. The declaration registers the step definition
 * with cucumber and is recorded here, so that `postflight steps` and the README's step list are
 * derived from the very definitions cucumber runs (runner/cucumber/step-catalogue.ts, `npm run docs`).
 */
export type StepKeyword = 'Given' | 'When' | 'Then';

export interface StepSection {
  title: string;
  /** Where the section comes in the vocabulary: lower first. */
  order: number;
}

export interface StepAbout {
  /** The step as a scenario writes it, keyword included (several lines with a doc string or a table). */
  example: string;
  note?: string;
}

export interface StepDeclaration extends StepAbout {
  section: StepSection;
  keyword: StepKeyword;
  /** The cucumber expression exactly as registered. */
  pattern: string;
  /** Also registered with ` where "<SQL predicate>"` (before the final colon when the step takes a table). */
  scopable: boolean;
}

const declarations: StepDeclaration[] = [];

/** Every step declared in this process so far, in the order of declaration. */
export function declaredSteps(): readonly StepDeclaration[] {
  return declarations;
}

// Cucumber binds `this` to the World and checks the function's arity against the expression.
type StepCode = (this: PostflightWorld, ...args: never[]) => unknown;

/** The value cucumber hands a step for each parameter type the vocabulary uses. */
interface ParameterValues {
  string: string;
  word: string;
  bound: string;
  int: number;
  float: number;
  duration: number;
}

/** `'the table {string} has {int} row(s)'` → `[string, number]`: a check step's arguments, typed from its phrasing. */
export type ArgumentsOf<Pattern extends string> = Pattern extends `${string}{${infer Name}}${infer Rest}`
  ? [Name extends keyof ParameterValues ? ParameterValues[Name] : unknown, ...ArgumentsOf<Rest>]
  : [];

/** A check step's arguments: those of its phrasing, and its table when the phrasing ends with a colon. */
export type CheckArguments<Pattern extends string> = Pattern extends `${string}:`
  ? [...ArgumentsOf<Pattern>, DataTable]
  : ArgumentsOf<Pattern>;

export type CheckStepHandler<Pattern extends string> = (
  world: PostflightWorld,
  args: CheckArguments<Pattern>,
  /** The templated ` where "<predicate>"`, undefined without one. */
  predicate: string | undefined,
) => Promise<void>;

export interface SectionSteps {
  Given(pattern: string, about: StepAbout, code: StepCode): void;
  When(pattern: string, about: StepAbout, code: StepCode): void;
  Then(pattern: string, about: StepAbout, code: StepCode): void;
  /**
   * A data-quality or reconciliation step (a Then): registered as written and with
   * ` where "<SQL predicate>"` (before the final colon for steps that take a table), so that every
   * check can be scoped (STEPS.md). The handler receives the step's arguments, then the predicate.
   */
  check<Pattern extends string>(pattern: Pattern, about: StepAbout, handler: CheckStepHandler<Pattern>): void;
}

/** As cucumber takes a step function: it hands the arguments its expression matched. */
type RegisteredCode = (this: PostflightWorld, ...args: unknown[]) => unknown;

const REGISTER: Record<StepKeyword, (pattern: string, code: RegisteredCode) => void> = { Given, When, Then };

/** The steps of one section of the vocabulary (one steps file each): `const s3 = stepSection('S3', 1)`. */
export function stepSection(title: string, order: number): SectionSteps {
  const section: StepSection = { title, order };
  const declare = (keyword: StepKeyword) => (pattern: string, about: StepAbout, code: StepCode) => {
    declarations.push({ section, keyword, pattern, scopable: false, ...about });
    REGISTER[keyword](pattern, code as RegisteredCode);
  };
  return {
    Given: declare('Given'),
    When: declare('When'),
    Then: declare('Then'),
    check(pattern, about, handler) {
      declarations.push({ section, keyword: 'Then', pattern, scopable: true, ...about });
      registerCheck(pattern, handler as CheckStepHandler<string>);
    },
  };
}

function registerCheck(pattern: string, handler: CheckStepHandler<string>): void {
  const takesTable = pattern.endsWith(':');
  const argumentCount = (pattern.match(/\{\w*\}/g) ?? []).length + (takesTable ? 1 : 0);
  const withWhere = takesTable ? `${pattern.slice(0, -1)} where {string}:` : `${pattern} where {string}`;
  // Cucumber appends a callback after the declared arguments: only the declared ones are taken.
  Then(
    pattern,
    withArity(argumentCount, async function (this: PostflightWorld, ...all: unknown[]) {
      await handler(this, all.slice(0, argumentCount) as CheckArguments<string>, undefined);
    }),
  );
  Then(
    withWhere,
    withArity(argumentCount + 1, async function (this: PostflightWorld, ...all: unknown[]) {
      const args = all.slice(0, argumentCount + 1);
      const predicateIndex = takesTable ? args.length - 2 : args.length - 1;
      const predicate = this.template(String(args[predicateIndex]));
      const rest = args.filter((_, index) => index !== predicateIndex);
      await handler(this, rest as CheckArguments<string>, predicate);
    }),
  );
}

/** Cucumber checks a step function's declared arity against its expression; rest parameters declare none. */
function withArity<T extends (...args: never[]) => unknown>(arity: number, fn: T): T {
  Object.defineProperty(fn, 'length', { value: arity });
  return fn;
}
