@selftest
Feature: Process checks that must fail, and say why

  These scenarios are meant to fail (test/e2e/process-failures.test.ts asserts each outcome and
  message); the control scenario is meant to pass.

  Scenario: Control — a valid file is curated
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes

  Scenario: The output holds another record count
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the execution output matches:
      | path          | value |
      | $.status      | OK    |
      | $.recordCount | 4     |

  Scenario: Success was expected but the file was rejected
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes

  Scenario: Another path was expected
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the execution path is:
      | ValidateFile |
      | IsValid      |
      | Quarantine   |

  Scenario: The execution failed with another error
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution fails within 2 minutes with error "TransformFailed"

  Scenario: Fewer retries than expected
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${scenarioId}.csv", "simulate": { "transientFailures": 1 } }
      """
    Then the execution succeeds within 2 minutes
    And the state "Transform" was retried 2 times

  Scenario: The execution is still running when the time is up
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${scenarioId}.csv", "simulate": { "transientFailures": 3 } }
      """
    Then the execution succeeds within 100 milliseconds

  Scenario: The state output differs
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the state "Transform" output matches:
      | path                 | value |
      | $.transform.rowCount | 30    |

  Scenario: The Lambda response differs
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the Lambda function "validate-positions" is invoked with payload from "events/validate.json"
    Then the response matches:
      | path     | value   |
      | $.status | INVALID |

  Scenario: The Lambda failed where success was expected
    When the Lambda function "validate-positions" is invoked with payload:
      """json
      { "bucket": "${bucket:landing}" }
      """
    Then the invocation succeeds

  Scenario: A Lambda failure nobody checked
    When the Lambda function "validate-positions" is invoked with payload:
      """json
      { "bucket": "${bucket:landing}" }
      """

  Scenario: The curated object has fewer rows than expected
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the object "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" has 5 rows

  Scenario: A placeholder that does not exist
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${tomorrow}/${scenarioId}.csv"

  Scenario: A state machine the environment does not know
    When the state machine "ingest-trades" is started

  Scenario: An execution failure nobody checked
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"

  Scenario: A Lambda failure that a later successful query does not excuse
    When the Lambda function "validate-positions" is invoked with payload:
      """json
      { "bucket": "${bucket:landing}" }
      """
    And the query is run:
      """sql
      SELECT 1 AS one
      """
    Then the query returns 1 row

  Scenario: Control — an execution nobody checked that succeeds
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then an object exists at "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" within 30 seconds
