@selftest @triggered-failures
Feature: Triggered work that did not happen as expected: each message names what was observed

  Scenario: The execution was never started for that object
    Given the object "s3://landing/positions/${scenarioId}.csv" is written with:
      """
      account_id,quantity
      """
    Then the state machine "ingest" is started for "s3://landing/positions/${scenarioId}-other.csv" within 2 seconds

  Scenario: Another message arrived
    Given this message is sent to the queue "failures":
      """json
      { "key": "positions/${scenarioId}.csv", "reason": "late" }
      """
    Then a message arrives on the queue "failures" within 2 seconds containing:
      """json
      { "key": "positions/${scenarioId}.csv", "reason": "invalid" }
      """

  Scenario: The notification was never published
    Given the object "s3://landing/positions/${scenarioId}.csv" is written with:
      """
      account_id,quantity
      """
    Then a notification is published to the topic "alerts" within 3 seconds containing:
      """json
      { "status": "CURATED", "key": "positions/${scenarioId}.csv" }
      """

  Scenario: The item is in another state
    Given this item is put in the DynamoDB table "file-status":
      """json
      { "pk": "manual/${scenarioId}", "status": "NEW" }
      """
    Then the item of the DynamoDB table "file-status" with key {"pk": "manual/${scenarioId}"} matches within 1 second:
      | path     | value   |
      | $.status | CURATED |

  Scenario: The event was never seen
    Given this event is put on the bus "datalake":
      """json
      { "source": "datalake.tests", "detail-type": "FileLanded", "detail": { "key": "positions/${scenarioId}.csv" } }
      """
    Then an event matching this pattern is published on the bus "datalake" within 2 seconds:
      """json
      { "source": ["datalake.ingest"], "detail": { "key": ["positions/${scenarioId}.csv"] } }
      """
