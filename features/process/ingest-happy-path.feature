@epic:process @story:ingestion @owner:data-platform
Feature: Ingesting a daily positions file

  The ingest-positions state machine validates a landed positions file, writes it to the curated
  zone as Parquet partitioned by as_of_date, and registers the partition with Athena.

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"

  @smoke @severity:blocker @req=DL-101
  Scenario: A valid file is curated
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${scenarioId}.csv" }
      """
    Then the execution succeeds within 2 minutes
    And the execution path is:
      | ValidateFile      |
      | IsValid           |
      | Transform         |
      | RegisterPartition |
      | Done              |
    And the execution output matches:
      | path         | value                                                   |
      | $.status     | OK                                                      |
      | $.recordCount | 3                                                      |
      | $.asOfDate   | "${today}"                                              |
      | $.outputKey  | /^positions\/as_of_date=\d{4}-\d{2}-\d{2}\/.+\.parquet$/ |
    And the state "Quarantine" was not entered

  @severity:critical @req=DL-102
  Scenario: The curated file holds exactly the landed rows
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And an object exists at "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" within 10 seconds
    And the object "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" has 3 rows
    And the object "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet" matches the file "expected/curated-positions.csv"
    And no object exists at "s3://quarantine/positions/${scenarioId}.csv"

  @severity:normal @req=DL-103
  Scenario: Each state hands the next what it needs
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the state "ValidateFile" output matches:
      | path                    | value   |
      | $.validation.status     | VALID   |
      | $.validation.errors     | <empty> |
    And the state "Transform" output matches:
      | path                    | value      |
      | $.transform.rowCount    | 3          |
      | $.transform.outputBucket | "${bucket:curated}" |
    And the execution output contains:
      """json
      { "status": "OK", "recordCount": 3 }
      """
