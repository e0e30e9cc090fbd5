@epic:process @story:ingestion @owner:data-platform
Feature: Ingesting a daily positions file

  The upstream feed drops each day's positions file in the landing bucket's drop zone
  (positions/inbound/). S3 announces it on EventBridge, a rule queues it on the routing queue, and
  the route-file function records the file as NEW and starts ingest-positions, which validates it,
  writes it to the curated zone as Parquet partitioned by as_of_date, registers the partition with
  Athena, marks the file CURATED and announces it on the data lake's bus.

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      {
        "source": ["datalake.ingest"],
        "detail-type": ["FileCurated"],
        "detail": {
          "key": ["positions/inbound/date=${today}/${scenarioId}.csv"],
          "outputKey": [{ "suffix": "${scenarioId}.parquet" }],
          "recordCount": [3]
        }
      }
      """

  @smoke @severity:blocker @req=DL-101
  Scenario: A valid file is curated
    Then the execution path is:
      | ValidateFile      |
      | IsValid           |
      | Transform         |
      | RegisterPartition |
      | MarkCurated       |
      | AnnounceCurated   |
      | Done              |
    And the execution output matches:
      | path          | value                                                    |
      | $.status      | OK                                                       |
      | $.recordCount | 3                                                        |
      | $.asOfDate    | "${today}"                                               |
      | $.outputKey   | /^positions\/as_of_date=\d{4}-\d{2}-\d{2}\/.+\.parquet$/ |
    And the state "Quarantine" was not entered

  @severity:critical @req=DL-102
  Scenario: The curated file holds exactly the landed rows
    Then an object exists at "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" within 10 seconds
    And the object "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" has 3 rows
    And the object "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" matches the file "expected/curated-positions.csv"
    And no object exists at "s3://quarantine/positions/${scenarioId}.csv"

  @severity:critical @req=DL-104
  Scenario: The file's status item ends CURATED
    Then the item of the DynamoDB table "file-status" with key {"pk": "positions/inbound/date=${today}/${scenarioId}.csv"} matches within 30 seconds:
      | path          | value                                                |
      | $.status      | CURATED                                              |
      | $.bucket      | ${bucket:landing}                                    |
      | $.curatedKey  | positions/as_of_date=${today}/${scenarioId}.parquet  |
      | $.recordCount | 3                                                    |
      | $.receivedAt  | <any>                                                |
      | $.expiresAt   | > 0                                                  |

  @severity:normal @req=DL-106
  Scenario: The router routes the file once and dead-letters nothing
    Then the log of the Lambda function "route-file" contains "positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And no message containing "${scenarioId}" arrives on the queue "routing-dlq" within 5 seconds

  @severity:normal @req=DL-103
  Scenario: Each state hands the next what it needs
    Then the state "ValidateFile" output matches:
      | path                | value   |
      | $.validation.status | VALID   |
      | $.validation.errors | <empty> |
    And the state "Transform" output matches:
      | path                     | value               |
      | $.transform.rowCount     | 3                   |
      | $.transform.outputBucket | "${bucket:curated}" |
    And the execution output contains:
      """json
      { "status": "OK", "recordCount": 3 }
      """
