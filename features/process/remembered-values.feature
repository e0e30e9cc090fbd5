@epic:process @story:traceability @owner:data-platform
Feature: Following a file from landing to its curated output

  Values produced by one step (the curated key, a row count) feed the checks of later steps.

  @severity:normal @req=DL-140
  Scenario: The curated object named in the output holds what validation counted
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the Lambda function "validate-positions" is invoked with payload from "events/validate.json"
    And the response "$.recordCount" is remembered as "expectedRows"
    And the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And the execution output matches:
      | path          | value           |
      | $.recordCount | ${expectedRows} |
    And the execution output "$.outputKey" is remembered as "curatedKey"
    And an object exists at "s3://curated/${curatedKey}" within 10 seconds
    And the object "s3://curated/${curatedKey}" matches the file "expected/curated-positions.csv"
