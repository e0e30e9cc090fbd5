import type { Dispatcher } from './dispatch';
import { internalContext } from './request-context';

export interface CallOptions {
  /** The region the call is made in; the client's own by default. */
  region?: string;
  /** The service calling on its own behalf (`s3` putting `aws.s3` events), see RequestContext. */
  callingService?: string;
}

/**
 * How a service reaches another (S3 notifying a queue, a Task state invoking a function): by
 * service signing name, operation name and input, through the same dispatcher as a request off
 * the wire — so the same operations exist, the same fault rules apply and an unimplemented
 * operation gets the same "not implemented" answer. Outputs are the provider's own values
 * (Dates, Buffers), not their wire form; errors are the AwsErrors the provider threw.
 */
export interface ServiceClient {
  call<Output = unknown>(service: string, operation: string, input: object, options?: CallOptions): Promise<Output>;
}

export class InternalClient implements ServiceClient {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly settings: {
      region: string;
      /**
       * Whether fault rules apply. They do for services calling services; the deployer's calls are
       * not traffic under test (a rule meant for a scenario must not fail the deploy).
       */
      faults: boolean;
    },
  ) {}

  async call<Output = unknown>(service: string, operation: string, input: object, options: CallOptions = {}): Promise<Output> {
    const context = internalContext(options.region ?? this.settings.region, options.callingService);
    return (await this.dispatcher.dispatch(service, operation, input, context, { faults: this.settings.faults })) as Output;
  }
}
