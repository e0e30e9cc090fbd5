@epic:process @story:routing @owner:data-platform
Feature: Routing landed files to the ingest

  Two rules feed the routing queue: S3 events of the landing bucket's drop zone, and FileLanded
  events that producers who cannot write there put on the data lake's bus. The route-file function
  starts one ingest per file; a message that names no file is retried, then dead-lettered, never
  lost. Files put elsewhere in the bucket (replays, backfills) are started by hand.

  @severity:critical @req=DL-160
  Scenario: A file announced on the bus by its producer is ingested
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/partner/date=${today}/${scenarioId}.csv"
    And this event is put on the bus "datalake":
      """json
      {
        "source": "partner.transfer",
        "detail-type": "FileLanded",
        "detail": { "bucket": "${bucket:landing}", "key": "positions/partner/date=${today}/${scenarioId}.csv" }
      }
      """
    Then the state machine "ingest-positions" is started for "s3://landing/positions/partner/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an object exists at "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" within 10 seconds
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/partner/date=${today}/${scenarioId}.csv"] } }
      """

  @severity:critical @req=DL-161
  Scenario: A message that names no file is dead-lettered, not lost
    Given this message is sent to the queue "routing":
      """json
      { "note": "not a file event", "sentBy": "${scenarioId}" }
      """
    Then the log of the Lambda function "route-file" contains "${scenarioId}" within 1 minute
    And a message arrives on the queue "routing-dlq" within 1 minute containing:
      """json
      { "sentBy": "${scenarioId}" }
      """

  @severity:normal @req=DL-162
  Scenario: Files outside the drop zone are left alone
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    And the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}-control.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}-control.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And the DynamoDB table "file-status" has no item with key {"pk": "positions/date=${today}/${scenarioId}.csv"}

  @severity:normal @req=DL-163
  Scenario: A file dropped again after a failure gets a fresh status
    Given this item is put in the DynamoDB table "file-status":
      """json
      { "pk": "positions/inbound/date=${today}/${scenarioId}.csv", "status": "FAILED", "reason": "rejected by an earlier release" }
      """
    When the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started with input containing "${scenarioId}" within 1 minute
    And the execution succeeds within 2 minutes
    And the item of the DynamoDB table "file-status" with key {"pk": "positions/inbound/date=${today}/${scenarioId}.csv"} matches within 30 seconds:
      | path     | value    |
      | $.status | CURATED  |
      | $.reason | <absent> |
