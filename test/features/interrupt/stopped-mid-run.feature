# Meant to be interrupted (test/e2e/interrupt.test.ts): each scenario writes objects, runs a state
# machine that derives outputs from them, then waits for an object that never comes.
@epic:process @severity:critical
Feature: A run stopped mid-scenario

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    And the object "s3://landing/interrupt/${scenarioId}.json" is written with:
      """
      { "written": "before the interruption" }
      """

  Scenario: The first scenario waits for what never comes
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And an object exists at "s3://landing/never/${scenarioId}.csv" within 10 minutes

  Scenario: The second scenario waits for what never comes
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And an object exists at "s3://landing/never/${scenarioId}.csv" within 10 minutes

  Scenario: A scenario after them
    Then no object exists at "s3://landing/never/${scenarioId}.csv"

  Scenario: Another scenario after them
    Then no object exists at "s3://landing/never/${scenarioId}.csv"
