@epic:process @story:snapshot @owner:data-platform
Feature: The daily positions snapshot

  snapshot-positions runs the Glue job positions-snapshot for one as-of date, then announces the
  snapshot on the data lake's bus; when the job fails, the team is alerted on ingest-alerts. The
  sandbox cannot run a Glue job: there the job's state answers as the test case of the mock
  configuration file (fixtures/mocks/MockConfigFile.json) that the scenario names, and the other
  states run for real. Executions a scenario starts are named after it (<scenarioId>-<n>), so the
  messages they publish are told apart by their executionName.

  @sandbox-only @severity:critical @req=DL-150
  Scenario: A successful snapshot is announced on the bus
    When the state machine "snapshot-positions" is started with test case "HappyPath" and input:
      """json
      { "asOfDate": "${today}" }
      """
    Then the execution succeeds within 1 minute
    And the execution output matches:
      | path       | value       |
      | $.status   | PUBLISHED   |
      | $.asOfDate | "${today}"  |
      | $.jobRunId | <not empty> |
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      {
        "source": ["datalake.snapshot"],
        "detail-type": ["SnapshotPublished"],
        "detail": { "executionName": [{ "prefix": "${scenarioId}" }] }
      }
      """

  @sandbox-only @severity:critical @req=DL-151
  Scenario: A failed Glue job is alerted, nothing announced
    When the state machine "snapshot-positions" is started with test case "GlueJobFails" and input from "events/snapshot.json"
    Then the execution fails within 1 minute with error "SnapshotFailed"
    And the state "AnnounceSnapshot" was not entered
    And a notification is published to the topic "ingest-alerts" within 1 minute containing:
      """json
      { "status": "FAILED", "stage": "snapshot", "error": "States.TaskFailed", "executionName": "${scenarioId}-1" }
      """

  @sandbox-only @severity:normal @req=DL-152
  Scenario: A busy Glue job is retried
    When the state machine "snapshot-positions" is started with test case "GlueBusyThenSucceeds" and input from "events/snapshot.json"
    Then the execution succeeds within 1 minute
    And the state "RunSnapshotJob" was retried 1 time
