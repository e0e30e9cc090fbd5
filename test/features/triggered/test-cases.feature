@selftest @triggered-test-cases
Feature: Mocked test cases are for the sandbox

  Scenario: Starts a mocked test case without saying it is sandbox-only
    When the state machine "ingest" is started with test case "HappyPath" and input:
      """json
      { "detail": { "object": { "key": "positions/${scenarioId}.csv" } } }
      """

  @sandbox-only
  Scenario: Starts a mocked test case, tagged sandbox-only
    When the state machine "ingest" is started with test case "HappyPath" and input:
      """json
      { "detail": { "object": { "key": "positions/${scenarioId}.csv" } } }
      """

  Scenario: Needs no mock
    Then the DynamoDB table "file-status" has no item with key {"pk": "absent/${scenarioId}"}
