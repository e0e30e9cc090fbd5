@selftest @triggered
Feature: Following what a landed file triggers

  Scenario: A landed file is routed to the state machine, which records, alerts and announces it
    Given the object "s3://landing/positions/${scenarioId}.csv" is written with:
      """
      account_id,quantity
      A-1,100
      """
    Then the state machine "ingest" is started for "s3://landing/positions/${scenarioId}.csv" within 30 seconds
    And the execution succeeds within 30 seconds
    And the log of the Lambda function "route-file" contains "positions/${scenarioId}.csv" within 10 seconds
    And the item of the DynamoDB table "file-status" with key {"pk": "positions/${scenarioId}.csv"} matches within 10 seconds:
      | path     | value   |
      | $.status | CURATED |
    And a notification is published to the topic "alerts" within 10 seconds containing:
      """json
      { "status": "FAILED", "key": "positions/${scenarioId}.csv" }
      """
    And an event matching this pattern is published on the bus "datalake" within 10 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": [{ "suffix": "${scenarioId}.csv.parquet" }] } }
      """

  Scenario: Messages, events and items a scenario writes itself
    Given this message is sent to the queue "failures":
      """json
      { "key": "positions/${scenarioId}.csv", "reason": "test" }
      """
    Then a message arrives on the queue "failures" within 10 seconds containing:
      """json
      { "key": "positions/${scenarioId}.csv" }
      """
    And no message containing "${scenarioId}" arrives on the queue "failures" within 1 second
    Given this item is put in the DynamoDB table "file-status":
      """json
      { "pk": "manual/${scenarioId}", "status": "NEW" }
      """
    Then the item of the DynamoDB table "file-status" with key {"pk": "manual/${scenarioId}"} matches within 5 seconds:
      | path     | value |
      | $.status | NEW   |
    And the DynamoDB table "file-status" has no item with key {"pk": "other/${scenarioId}"}
    Given this event is put on the bus "datalake":
      """json
      { "source": "datalake.tests", "detail-type": "FileLanded", "detail": { "key": "positions/${scenarioId}.csv" } }
      """
    Then an event matching this pattern is published on the bus "datalake" within 10 seconds:
      """json
      { "source": ["datalake.tests"], "detail": { "key": ["positions/${scenarioId}.csv"] } }
      """
