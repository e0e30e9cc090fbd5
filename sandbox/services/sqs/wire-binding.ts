import { asAwsError, SerializationException, type AwsError } from '../../core/aws-error';
import { contextOf, type AwsRequest, type HttpResponse, type OperationCall, type WireProtocol } from '../../core/http';
import { jsonResponse } from '../../protocols/aws-json';
import { decodeQueryParams, formAction } from '../../protocols/aws-query';
import { escapeXml, toJsonWire } from '../../protocols/wire-values';
import { SqsError } from './errors';

const JSON_TARGET_PREFIX = 'AmazonSQS';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/**
 * SQS on the wire, in both protocols its clients speak: awsJson 1.0 (`X-Amz-Target:
 * AmazonSQS.<Operation>`, current SDKs; errors carry the Query code in `x-amzn-query-error`) and
 * the older Query protocol (form `Action=…`, XML answers; boto3 before 1.31 and the AWS CLI v1
 * speak it). Both reach the same provider with the same plain input.
 */
export const sqsProtocol: WireProtocol = {
  bind: (call) => async (request) => (isJsonRequest(request) ? serveJson(call, request) : serveQuery(call, request)),
  recognizes: (request, operations) => {
    if (request.headers['x-amz-target']?.split('.')[0] === JSON_TARGET_PREFIX) return true;
    const action = formAction(request);
    return action !== undefined && operations.includes(action) && /Queue|Message/.test(action);
  },
};

function isJsonRequest(request: AwsRequest): boolean {
  return request.headers['x-amz-target'] !== undefined || (request.headers['content-type'] ?? '').includes('json');
}

// --- awsJson 1.0 ------------------------------------------------------------------------------------

async function serveJson(call: OperationCall, request: AwsRequest): Promise<HttpResponse> {
  try {
    const target = request.headers['x-amz-target'] ?? '';
    if (!target.startsWith(`${JSON_TARGET_PREFIX}.`)) throw new SerializationException('Missing or malformed X-Amz-Target header.');
    const operation = target.slice(JSON_TARGET_PREFIX.length + 1);
    let input: unknown;
    try {
      input = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
    } catch {
      throw new SerializationException('The request body is not valid JSON.');
    }
    const output = await call(operation, decodeBinaryValues(input), contextOf(request));
    return jsonResponse(200, toJsonWire(output ?? {}), JSON_CONTENT_TYPE, request.requestId);
  } catch (error) {
    return jsonError(asAwsError(error), request.requestId);
  }
}

function jsonError(error: AwsError, requestId: string): HttpResponse {
  const type = error instanceof SqsError ? `com.amazonaws.sqs#${error.jsonType}` : error.code;
  const response = jsonResponse(error.statusCode, { __type: type, message: error.message }, JSON_CONTENT_TYPE, requestId);
  response.headers['x-amzn-query-error'] = `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}`;
  return response;
}

/** `BinaryValue`s travel as base64 in JSON; the provider gets bytes. */
function decodeBinaryValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBinaryValues);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === 'BinaryValue' && typeof member === 'string' ? Buffer.from(member, 'base64') : decodeBinaryValues(member),
    ]),
  );
}

// --- Query ----------------------------------------------------------------------------------------

async function serveQuery(call: OperationCall, request: AwsRequest): Promise<HttpResponse> {
  const params = new URLSearchParams(request.body.toString('utf8'));
  for (const [key, value] of request.query) if (!params.has(key)) params.set(key, value);
  const action = params.get('Action') ?? '';
  try {
    const input = queryInput(decodeQueryParams(params), request.rawPath);
    const output = (await call(action, input, contextOf(request))) as Record<string, unknown> | undefined;
    const result = queryResult(action, output ?? {});
    const body =
      `<?xml version="1.0"?><${action}Response xmlns="${XML_NAMESPACE}">` +
      (result === undefined ? '' : `<${action}Result>${result}</${action}Result>`) +
      `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
  } catch (error) {
    const failure = asAwsError(error);
    const message = failure instanceof SqsError && failure.queryMessage ? failure.queryMessage : failure.message;
    const body =
      `<?xml version="1.0"?><ErrorResponse xmlns="${XML_NAMESPACE}"><Error>` +
      `<Type>${failure.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(failure.code)}</Code>` +
      `<Message>${escapeXml(message)}</Message><Detail/></Error><RequestId>${request.requestId}</RequestId></ErrorResponse>`;
    return { status: failure.statusCode, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
  }
}

const NUMBER_PARAMETERS = ['DelaySeconds', 'MaxNumberOfMessages', 'WaitTimeSeconds', 'VisibilityTimeout', 'MaxResults'];
const BATCH_ENTRIES: Record<string, string> = {
  SendMessageBatchRequestEntry: 'Entries',
  DeleteMessageBatchRequestEntry: 'Entries',
  ChangeMessageVisibilityBatchRequestEntry: 'Entries',
};

/** The Query form (`Attribute.1.Name=…`, `MessageAttribute.1.Value.StringValue=…`) as the JSON input shape. */
function queryInput(params: Record<string, unknown>, rawPath: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key in BATCH_ENTRIES)
      input[BATCH_ENTRIES[key]!] = (value as unknown[]).filter(Boolean).map((entry) => queryEntry(entry as Record<string, unknown>));
    else if (key === 'Attribute') input.Attributes = nameValueMap(value);
    else if (key === 'AttributeName') input.AttributeNames = list(value);
    else if (key === 'MessageAttributeName') input.MessageAttributeNames = list(value);
    else if (key === 'MessageSystemAttributeName') input.MessageSystemAttributeNames = list(value);
    else if (key === 'Tag')
      input.Tags = Object.fromEntries(
        list(value).map((tag) => [String((tag as Record<string, unknown>).Key), String((tag as Record<string, unknown>).Value ?? '')]),
      );
    else if (key === 'TagKey') input.TagKeys = list(value);
    else Object.assign(input, queryEntry({ [key]: value }));
  }
  // A Query request may be posted to the queue's URL instead of naming it.
  if (input.QueueUrl === undefined && /^\/\d{12}\/[^/]+$/.test(rawPath)) input.QueueUrl = rawPath;
  return input;
}

function queryEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'MessageAttribute') converted.MessageAttributes = attributeValues(value);
    else if (key === 'MessageSystemAttribute') converted.MessageSystemAttributes = attributeValues(value);
    else if (NUMBER_PARAMETERS.includes(key)) converted[key] = Number(value);
    else converted[key] = value;
  }
  return converted;
}

function list(value: unknown): unknown[] {
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined);
}

function nameValueMap(value: unknown): Record<string, string> {
  return Object.fromEntries(
    list(value).map((item) => [String((item as Record<string, unknown>).Name), String((item as Record<string, unknown>).Value ?? '')]),
  );
}

function attributeValues(value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    list(value).map((item) => {
      const { Name, Value = {} } = item as { Name: string; Value?: Record<string, string> };
      const attribute: Record<string, unknown> = { DataType: Value.DataType, StringValue: Value.StringValue };
      if (Value.BinaryValue !== undefined) attribute.BinaryValue = Buffer.from(Value.BinaryValue, 'base64');
      return [Name, attribute];
    }),
  );
}

const BATCH_RESULT_ENTRIES: Record<string, string> = {
  SendMessageBatch: 'SendMessageBatchResultEntry',
  DeleteMessageBatch: 'DeleteMessageBatchResultEntry',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibilityBatchResultEntry',
};

/** The `<ActionResult>` members SQS answers in the Query protocol (lists flattened, maps as Name/Value). */
function queryResult(action: string, output: Record<string, unknown>): string | undefined {
  const element = (name: string, value: unknown): string =>
    value === undefined || value === null ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  switch (action) {
    case 'CreateQueue':
    case 'GetQueueUrl':
      return element('QueueUrl', output.QueueUrl);
    case 'ListQueues':
      return (
        ((output.QueueUrls as string[] | undefined) ?? []).map((url) => element('QueueUrl', url)).join('') +
        element('NextToken', output.NextToken)
      );
    case 'ListDeadLetterSourceQueues':
      return ((output.queueUrls as string[] | undefined) ?? []).map((url) => element('QueueUrl', url)).join('');
    case 'GetQueueAttributes':
      return nameValues('Attribute', output.Attributes as Record<string, string> | undefined);
    case 'ListQueueTags':
      return Object.entries((output.Tags as Record<string, string> | undefined) ?? {})
        .map(([key, value]) => `<Tag>${element('Key', key)}${element('Value', value)}</Tag>`)
        .join('');
    case 'SendMessage':
      return ['MessageId', 'MD5OfMessageBody', 'MD5OfMessageAttributes', 'SequenceNumber']
        .map((name) => element(name, output[name]))
        .join('');
    case 'ReceiveMessage':
      return ((output.Messages as Array<Record<string, unknown>> | undefined) ?? [])
        .map(
          (message) =>
            '<Message>' +
            ['MessageId', 'ReceiptHandle', 'MD5OfBody', 'Body'].map((name) => element(name, message[name])).join('') +
            nameValues('Attribute', message.Attributes as Record<string, string> | undefined) +
            element('MD5OfMessageAttributes', message.MD5OfMessageAttributes) +
            Object.entries((message.MessageAttributes as Record<string, Record<string, unknown>> | undefined) ?? {})
              .map(
                ([name, value]) =>
                  `<MessageAttribute>${element('Name', name)}<Value>` +
                  element('StringValue', value.StringValue) +
                  element('BinaryValue', value.BinaryValue ? Buffer.from(value.BinaryValue as Uint8Array).toString('base64') : undefined) +
                  element('DataType', value.DataType) +
                  '</Value></MessageAttribute>',
              )
              .join('') +
            '</Message>',
        )
        .join('');
    default: {
      const entry = BATCH_RESULT_ENTRIES[action];
      if (!entry) return undefined;
      const successful = (output.Successful as Array<Record<string, unknown>> | undefined) ?? [];
      const failed = (output.Failed as Array<Record<string, unknown>> | undefined) ?? [];
      return (
        successful
          .map(
            (result) =>
              `<${entry}>${Object.entries(result)
                .map(([name, value]) => element(name, value))
                .join('')}</${entry}>`,
          )
          .join('') +
        failed
          .map(
            (failure) =>
              `<BatchResultErrorEntry>${['Id', 'SenderFault', 'Code', 'Message'].map((name) => element(name, failure[name])).join('')}</BatchResultErrorEntry>`,
          )
          .join('')
      );
    }
  }
}

function nameValues(element: string, map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([name, value]) => `<${element}><Name>${escapeXml(name)}</Name><Value>${escapeXml(value)}</Value></${element}>`)
    .join('');
}
