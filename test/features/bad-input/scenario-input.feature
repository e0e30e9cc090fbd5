@selftest
Feature: Scenarios written wrong fail as test defects, saying what to fix

  These scenarios are meant to fail (test/e2e/bad-input.test.ts asserts each message, and that no
  stack trace reaches the console).

  Scenario: A fixture that does not exist
    Given the file "positions/no-such-file.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"

  Scenario: A fixture outside fixtures/
    Given the file "../package.json" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"

  Scenario: A placeholder nobody knows
    Given the object "s3://landing/notes/${no_such_value}.txt" is written with:
      """
      any text
      """

  Scenario: An execution input that is not JSON
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "landing", 
      """

  Scenario: A duration nobody can read
    Then the execution succeeds within 2 fortnights

  Scenario: SQL that does not parse
    When the query is run:
      """sql
      SELEC account_id FROM ${table:curated.positions}
      """
    Then the query returns 1 row
