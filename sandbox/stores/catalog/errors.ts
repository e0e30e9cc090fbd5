import { AwsError } from '../../core/aws-error';

/**
 * Glue Data Catalog error codes with Glue's own wording: `Database x not found.`,
 * `Table x not found.` (seen in AWS CLI output of GetDatabase/GetTable), and the bare
 * `Database already exists.` / `Table already exists.` of Create* calls.
 */
export class EntityNotFoundException extends AwsError {
  constructor(message: string) {
    super('EntityNotFoundException', message, 400);
  }

  static database(name: string): EntityNotFoundException {
    return new EntityNotFoundException(`Database ${name} not found.`);
  }

  static table(name: string): EntityNotFoundException {
    return new EntityNotFoundException(`Table ${name} not found.`);
  }

  /** Fidelity gap: the partition wording is not verified against AWS. */
  static partition(): EntityNotFoundException {
    return new EntityNotFoundException('Cannot find partition.');
  }
}

export class AlreadyExistsException extends AwsError {
  constructor(entity: 'Database' | 'Table' | 'Partition') {
    super('AlreadyExistsException', `${entity} already exists.`, 400);
  }
}

export class InvalidInputException extends AwsError {
  constructor(message: string) {
    super('InvalidInputException', message, 400);
  }
}
