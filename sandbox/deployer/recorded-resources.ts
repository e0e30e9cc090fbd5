import { randomUUID } from 'node:crypto';
import { optionalString, type ResourceContext, type ResourceReference, type ResourceType } from '../core/resource-type';

/**
 * Resource types the deployer records without a service behind them: real stacks carry them,
 * and they change no behaviour a test can observe — permissions (IAM, Lake Formation, resource
 * policies), monitoring (CloudWatch alarms and dashboards, log subscriptions, CloudTrail),
 * encryption (KMS keys and aliases, security configurations), and Glue crawlers, jobs and
 * triggers as definitions that nothing runs. They deploy so that templates deploy unchanged,
 * their Ref and GetAtt answer plausible names and ARNs, and every deploy lists them as
 * recorded, not emulated (never silently). Any other type without a service is refused by name.
 *
 * Fidelity gap: IAM and Lake Formation permissions are never evaluated — every call is allowed;
 * an alarm never fires; a crawler, job or trigger never runs; keys encrypt nothing.
 */

type Describe = (properties: Record<string, unknown>, context: ResourceContext) => ResourceReference;

function recorded(type: string, describe: Describe): ResourceType {
  return { type, recordedOnly: true, create: describe };
}

/** The name a property gives, or one CloudFormation would generate. */
function nameOf(properties: Record<string, unknown>, property: string, context: ResourceContext, maxLength = 128): string {
  return optionalString(properties, property) ?? context.generatedName({ maxLength });
}

function arn(context: ResourceContext, service: string, resource: string, global = false): string {
  return `arn:aws:${service}:${global ? '' : context.region}:${context.accountId}:${resource}`;
}

/** An identifier as CloudFormation answers for types whose Ref is an opaque id. */
function physicalId(context: ResourceContext): string {
  return `${context.stackName}-${context.logicalId}-${randomUUID().slice(0, 8)}`;
}

const named = (
  type: string,
  property: string,
  attributes: (name: string, context: ResourceContext) => Record<string, string> = () => ({}),
) =>
  recorded(type, (properties, context) => {
    const name = nameOf(properties, property, context);
    return { ref: name, attributes: attributes(name, context) };
  });

const iam: ResourceType[] = [
  recorded('AWS::IAM::Role', (properties, context) => {
    const name = nameOf(properties, 'RoleName', context, 64);
    const path = optionalString(properties, 'Path') ?? '/';
    const id = `AROA${name
      .replace(/[^A-Z0-9]/gi, '')
      .slice(0, 17)
      .toUpperCase()}`;
    return { ref: name, attributes: { Arn: arn(context, 'iam', `role${path}${name}`, true), RoleId: id } };
  }),
  named('AWS::IAM::Policy', 'PolicyName', () => ({ Id: randomUUID() })),
  named('AWS::IAM::RolePolicy', 'PolicyName'),
  recorded('AWS::IAM::ManagedPolicy', (properties, context) => {
    const policyArn = arn(
      context,
      'iam',
      `policy${optionalString(properties, 'Path') ?? '/'}${nameOf(properties, 'ManagedPolicyName', context)}`,
      true,
    );
    return { ref: policyArn, attributes: { PolicyArn: policyArn } };
  }),
  recorded('AWS::IAM::InstanceProfile', (properties, context) => {
    const name = nameOf(properties, 'InstanceProfileName', context);
    return { ref: name, attributes: { Arn: arn(context, 'iam', `instance-profile/${name}`, true) } };
  }),
];

const resourcePolicies: ResourceType[] = [
  recorded('AWS::S3::BucketPolicy', (properties, context) => ({
    ref: optionalString(properties, 'Bucket') ?? physicalId(context),
    attributes: {},
  })),
  recorded('AWS::Lambda::Permission', (_properties, context) => ({ ref: physicalId(context), attributes: {} })),
];

const monitoring: ResourceType[] = [
  named('AWS::CloudWatch::Alarm', 'AlarmName', (name, context) => ({ Arn: arn(context, 'cloudwatch', `alarm:${name}`) })),
  named('AWS::CloudWatch::CompositeAlarm', 'AlarmName', (name, context) => ({ Arn: arn(context, 'cloudwatch', `alarm:${name}`) })),
  named('AWS::CloudWatch::Dashboard', 'DashboardName'),
  named('AWS::Logs::SubscriptionFilter', 'FilterName'),
  named('AWS::Logs::MetricFilter', 'FilterName'),
  named('AWS::CloudTrail::Trail', 'TrailName', (name, context) => ({ Arn: arn(context, 'cloudtrail', `trail/${name}`) })),
];

const encryption: ResourceType[] = [
  recorded('AWS::KMS::Key', (_properties, context) => {
    const keyId = randomUUID();
    return { ref: keyId, attributes: { Arn: arn(context, 'kms', `key/${keyId}`), KeyId: keyId } };
  }),
  recorded('AWS::KMS::Alias', (properties, context) => ({
    ref: optionalString(properties, 'AliasName') ?? `alias/${physicalId(context)}`,
    attributes: {},
  })),
  named('AWS::Glue::SecurityConfiguration', 'Name'),
  named('AWS::EMR::SecurityConfiguration', 'Name'),
];

const lakeFormation: ResourceType[] = [
  recorded('AWS::LakeFormation::Permissions', (_properties, context) => {
    const id = physicalId(context);
    return { ref: id, attributes: { Id: id } };
  }),
  recorded('AWS::LakeFormation::PrincipalPermissions', (properties, context) => ({
    ref: physicalId(context),
    attributes: {
      PrincipalIdentifier: JSON.stringify(properties.Principal ?? {}),
      ResourceIdentifier: JSON.stringify(properties.Resource ?? {}),
    },
  })),
  recorded('AWS::LakeFormation::Resource', (properties, context) => ({
    ref: optionalString(properties, 'ResourceArn') ?? physicalId(context),
    attributes: {},
  })),
  recorded('AWS::LakeFormation::DataLakeSettings', (_properties, context) => {
    const id = physicalId(context);
    return { ref: id, attributes: { Id: id } };
  }),
  named('AWS::LakeFormation::Tag', 'TagKey'),
  recorded('AWS::LakeFormation::TagAssociation', (properties, context) => ({
    ref: physicalId(context),
    attributes: {
      ResourceIdentifier: JSON.stringify(properties.Resource ?? {}),
      TagsIdentifier: JSON.stringify(properties.LFTags ?? []),
    },
  })),
];

const glueDefinitions: ResourceType[] = [
  named('AWS::Glue::Crawler', 'Name'),
  named('AWS::Glue::Job', 'Name'),
  named('AWS::Glue::Trigger', 'Name'),
  recorded('AWS::Glue::Connection', (properties, context) => ({
    ref: optionalString((properties.ConnectionInput ?? {}) as Record<string, unknown>, 'Name') ?? context.generatedName(),
    attributes: {},
  })),
];

const scheduling: ResourceType[] = [
  recorded('AWS::Scheduler::ScheduleGroup', (properties, context) => {
    const name = nameOf(properties, 'Name', context, 64);
    const created = new Date().toISOString();
    return {
      ref: name,
      attributes: {
        Arn: arn(context, 'scheduler', `schedule-group/${name}`),
        CreationDate: created,
        LastModificationDate: created,
        State: 'ACTIVE',
      },
    };
  }),
];

export const RECORDED_RESOURCE_TYPES: readonly ResourceType[] = [
  ...iam,
  ...resourcePolicies,
  ...monitoring,
  ...encryption,
  ...lakeFormation,
  ...glueDefinitions,
  ...scheduling,
];
