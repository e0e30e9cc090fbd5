import { athenaService } from './athena/service';
import { eventsService } from './events/service';
import { cloudFormationService } from './cloudformation/service';
import { dynamoDbService } from './dynamodb/service';
import { glueService } from './glue/service';
import { lambdaService } from './lambda/service';
import { logsService } from './logs/service';
import { s3Service } from './s3/service';
import { schedulerService } from './scheduler/service';
import { snsService } from './sns/service';
import { sqsService } from './sqs/service';
import { ssmService } from './ssm/service';
import { stepFunctionsService } from './stepfunctions/service';
import { stsService } from './sts/service';

/** Every service the sandbox serves: one line each (the folder beside this file holds the rest). */
export const SERVICES = [
  s3Service,
  lambdaService,
  stepFunctionsService,
  athenaService,
  glueService,
  stsService,
  cloudFormationService,
  logsService,
  ssmService,
  dynamoDbService,
  sqsService,
  eventsService,
  snsService,
  schedulerService,
] as const;

type Registered = (typeof SERVICES)[number];

/** A registered service's name (`s3`, `states`, …). */
export type ServiceName = Registered['name'];

/** The provider type of a registered service, by name. */
export type ProviderOf<Name extends ServiceName> = ReturnType<Extract<Registered, { name: Name }>['create']>;
