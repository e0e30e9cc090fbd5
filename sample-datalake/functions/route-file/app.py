"""Routes landed positions files to the ingest state machine.

Messages come from the routing queue, fed by two rules: S3 "Object Created" events of the landing
bucket's drop zone, and "FileLanded" events that upstream producers put on the data lake's bus. Each
file gets a status item (NEW) and one execution; a message that names no file is reported as a batch
item failure, so the queue retries it and then moves it to its dead-letter queue.
"""

import json
import logging
import os
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError

logger = logging.getLogger()
logger.setLevel(logging.INFO)

states = boto3.client("stepfunctions")
status_table = boto3.resource("dynamodb").Table(os.environ["STATUS_TABLE"])

STATUS_RETENTION_SECONDS = 90 * 24 * 3600


class UnroutableMessage(ValueError):
    pass


def landed_file(body):
    """The (bucket, key) a message names: an S3 event through EventBridge, or a FileLanded event."""
    try:
        event = json.loads(body)
    except ValueError as error:
        raise UnroutableMessage(f"not JSON: {error}") from error
    detail = event.get("detail") if isinstance(event, dict) else None
    if not isinstance(detail, dict):
        raise UnroutableMessage("not an EventBridge event (no detail)")
    if event.get("source") == "aws.s3":
        bucket, key = detail.get("bucket", {}).get("name"), detail.get("object", {}).get("key")
    else:
        bucket, key = detail.get("bucket"), detail.get("key")
    if not isinstance(bucket, str) or not isinstance(key, str):
        raise UnroutableMessage(f"event {event.get('detail-type')!r} from {event.get('source')!r} names no bucket and key")
    return bucket, key


def route(bucket, key, event_id):
    now = int(time.time())
    status_table.put_item(
        Item={
            "pk": key,
            "bucket": bucket,
            "status": "NEW",
            "receivedAt": now,
            "expiresAt": now + STATUS_RETENTION_SECONDS,
        }
    )
    execution = states.start_execution(
        stateMachineArn=os.environ["STATE_MACHINE_ARN"],
        input=json.dumps({"bucket": bucket, "key": key, "eventId": event_id}),
    )
    logger.info("routed s3://%s/%s to %s", bucket, key, execution["executionArn"])


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            bucket, key = landed_file(record["body"])
            route(bucket, key, record["messageId"])
        except UnroutableMessage as error:
            logger.error("cannot route message %s (%s): %s", record["messageId"], error, record["body"][:500])
            failures.append({"itemIdentifier": record["messageId"]})
        except (BotoCoreError, ClientError) as error:
            logger.error("routing message %s failed, to be retried: %s", record["messageId"], error)
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
