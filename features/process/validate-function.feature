@epic:process @story:validation @owner:data-platform
Feature: The validate-positions function on its own

  Invoked directly, the function tells valid from invalid files, with a response whose shape
  downstream states rely on.

  @severity:critical @req=DL-130
  Scenario: A valid file is reported VALID with its row count
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the Lambda function "validate-positions" is invoked with payload from "events/validate.json"
    Then the invocation succeeds
    And the response matches:
      | path          | value   |
      | $.status      | VALID   |
      | $.recordCount | 3       |
      | $.errors      | <empty> |
      | $.file        | /^s3:\/\/.+\.csv$/ |
    And the response conforms to the schema "schemas/validation-result.schema.json"
    And the function log contains "validated 3 rows"

  @severity:normal @req=DL-131
  Scenario: An invalid file is reported with the offending fields
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the Lambda function "validate-positions" is invoked with payload:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${scenarioId}.csv" }
      """
    Then the invocation succeeds
    And the response contains:
      """json
      { "status": "INVALID", "recordCount": 2 }
      """
    And the response matches:
      | path                 | value         |
      | $.errors[0].field    | security_id   |
      | $.errors[1].field    | quantity      |
      | $.errors[*].line     | [3, 3]        |
    And the response conforms to the schema "schemas/validation-result.schema.json"

  @severity:normal @req=DL-132
  Scenario: An event without a file is refused
    When the Lambda function "validate-positions" is invoked with payload:
      """json
      { "bucket": "${bucket:landing}" }
      """
    Then the invocation fails with error type "ValidationError"
