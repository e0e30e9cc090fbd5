Feature: Triggered work that did not happen as expected

  Run by test/e2e/triggered-failures.test.ts against the sample lake in the sandbox: every scenario
  but the control fails, and its message names what was observed instead.

  Scenario: Control — a dropped file is followed to its status item
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And the item of the DynamoDB table "file-status" with key {"pk": "positions/inbound/date=${today}/${scenarioId}.csv"} matches within 30 seconds:
      | path     | value   |
      | $.status | CURATED |

  Scenario: The execution was never started
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    And the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}-routed.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/date=${today}/${scenarioId}.csv" within 3 seconds

  Scenario: Another message arrived
    Given this message is sent to the queue "routing":
      """json
      { "note": "not a file event", "sentBy": "${scenarioId}" }
      """
    Then a message arrives on the queue "routing-dlq" within 30 seconds containing:
      """json
      { "sentBy": "${scenarioId}", "note": "a file event" }
      """

  Scenario: The notification was never published
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}-bad.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}-bad.csv" within 1 minute
    And the execution fails within 2 minutes with error "ValidationFailed"
    And a notification is published to the topic "ingest-alerts" within 3 seconds containing:
      """json
      { "status": "FAILED", "key": "positions/inbound/date=${today}/${scenarioId}.csv" }
      """

  Scenario: The item is in another state
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution fails within 2 minutes with error "ValidationFailed"
    And the item of the DynamoDB table "file-status" with key {"pk": "positions/inbound/date=${today}/${scenarioId}.csv"} matches within 3 seconds:
      | path     | value   |
      | $.status | CURATED |

  Scenario: The event was never seen on the bus
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}-curated.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}-curated.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 3 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "outputKey": [{ "suffix": "${scenarioId}.parquet" }] } }
      """

  Scenario: The log never says it
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And the log of the Lambda function "route-file" contains "cannot route message carrying ${scenarioId}" within 2 seconds

  Scenario: A message arrived that should not have
    Given this message is sent to the queue "routing":
      """json
      { "note": "not a file event either", "sentBy": "${scenarioId}" }
      """
    Then no message containing "${scenarioId}" arrives on the queue "routing-dlq" within 30 seconds
