@selftest
Feature: A security missing from the master is caught

  Scenario: A position on an unknown security
    Given these rows are uploaded as CSV to "s3://landing/positions/date=${today}/${scenarioId}.csv":
      | account_id | security_id  | quantity | market_value | currency |
      | A-1        | US0378331005 | 100      | 18934.00     | USD      |
      | A-7        | JP3633400001 | 300      | 5130.00      | JPY      |
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes
    And every "security_id" of "curated.positions" exists in "security_id" of "reference.securities" where "source_file LIKE '%${scenarioId}%'"
