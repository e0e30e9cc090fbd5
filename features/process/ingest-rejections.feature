@epic:process @story:rejection @owner:data-platform
Feature: Rejecting files that break the feed's contract

  A file with unreadable values or duplicate positions must never reach the curated zone: it is
  moved to quarantine, its status item is marked FAILED, the team is alerted on the ingest-alerts
  topic, and the execution fails with ValidationFailed.

  @severity:critical @req=DL-110
  Scenario: An invalid file is quarantined and alerted
    Given the file "positions/invalid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution fails within 2 minutes with error "ValidationFailed"
    And the state "Transform" was not entered
    And an object exists at "s3://quarantine/positions/${scenarioId}.csv" within 10 seconds
    And no object exists at "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    And a notification is published to the topic "ingest-alerts" within 1 minute containing:
      """json
      {
        "status": "FAILED",
        "stage": "ingest",
        "key": "positions/inbound/date=${today}/${scenarioId}.csv",
        "quarantineKey": "positions/${scenarioId}.csv"
      }
      """
    And the item of the DynamoDB table "file-status" with key {"pk": "positions/inbound/date=${today}/${scenarioId}.csv"} matches within 30 seconds:
      | path            | value                       |
      | $.status        | FAILED                      |
      | $.reason        | /^2 validation error\(s\);/ |
      | $.quarantineKey | positions/${scenarioId}.csv |

  @severity:normal @req=DL-112
  Scenario: A file written with a missing column is rejected
    Given the object "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" is written with:
      """
      account_id,security_id,quantity,currency
      A-1,US0378331005,100,USD
      """
    Then the state machine "ingest-positions" is started with input containing "${scenarioId}" within 1 minute
    And the execution fails within 2 minutes with error "ValidationFailed"
    And the state "Quarantine" was entered
    And the state "AlertFailure" was entered

  # Replays: a file put outside the drop zone is started by hand.

  @severity:critical @req=DL-111
  Scenario: A replayed file with the same position twice is rejected
    Given the file "positions/duplicates.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution fails within 2 minutes with error "ValidationFailed"
    And the execution path is:
      | ValidateFile |
      | IsValid      |
      | Quarantine   |
      | MarkFailed   |
      | AlertFailure |
      | Rejected     |
    And no object exists at "s3://curated/positions/as_of_date=${today}/${scenarioId}.parquet"

  @severity:normal @req=DL-113
  Scenario: An execution started without naming a file fails before any work
    When the state machine "ingest-positions" is started
    Then the execution fails within 2 minutes
    And the execution path is:
      | ValidateFile |
    And the state "Transform" was not entered
