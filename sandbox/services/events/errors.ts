import { awsErrorType } from '../../core/aws-error';

/** EventBridge errors (awsJson 1.1: `{"__type": Code, "message": …}`), with EventBridge's messages. */
export const ResourceNotFoundException = awsErrorType('ResourceNotFoundException');
export const ResourceAlreadyExistsException = awsErrorType('ResourceAlreadyExistsException');
export const InvalidEventPatternException = awsErrorType('InvalidEventPatternException');
export const EventsValidationException = awsErrorType('ValidationException');
export const LimitExceededException = awsErrorType('LimitExceededException');
export const ManagedRuleException = awsErrorType('ManagedRuleException');

export const ruleNotFound = (rule: string, bus: string) => new ResourceNotFoundException(`Rule ${rule} does not exist on EventBus ${bus}.`);
export const busNotFound = (bus: string) => new ResourceNotFoundException(`Event bus ${bus} does not exist.`);
