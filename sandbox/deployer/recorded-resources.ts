import { optionalString, type ResourceType } from '../core/resource-type';

/**
 * Resource types the deployer records without a service behind them, so that templates deploy
 * unchanged; the types services back are declared in the services' own folders.
 *
 * IAM resources are recorded so that templates deploy unchanged and `!GetAtt Role.Arn` resolves,
 * but the sandbox does not evaluate IAM policies: every call is allowed. This is a documented
 * fidelity gap — permission errors only show up on AWS.
 */
const iamRole: ResourceType = {
  type: 'AWS::IAM::Role',
  create(properties, context) {
    const name = optionalString(properties, 'RoleName') ?? context.generatedName({ maxLength: 64 });
    const path = optionalString(properties, 'Path') ?? '/';
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:iam::${context.accountId}:role${path}${name}`,
        RoleId: `AROA${name
          .replace(/[^A-Z0-9]/gi, '')
          .slice(0, 17)
          .toUpperCase()}`,
      },
    };
  },
};

const iamPolicy: ResourceType = {
  type: 'AWS::IAM::Policy',
  create(properties, context) {
    return { ref: optionalString(properties, 'PolicyName') ?? context.generatedName(), attributes: {} };
  },
};

const iamManagedPolicy: ResourceType = {
  type: 'AWS::IAM::ManagedPolicy',
  create(properties, context) {
    const name = optionalString(properties, 'ManagedPolicyName') ?? context.generatedName();
    const arn = `arn:aws:iam::${context.accountId}:policy/${name}`;
    return { ref: arn, attributes: { PolicyArn: arn } };
  },
};

export const RECORDED_RESOURCE_TYPES: readonly ResourceType[] = [iamRole, iamPolicy, iamManagedPolicy];
