@selftest
Feature: Names the environment does not know, and that exist nowhere

  A name that matches no logical name is taken as a physical one. When no resource of that name
  exists either, the scenario fails as a test defect naming the logical names the environment
  knows (test/e2e/unknown-names.test.ts asserts each message and category).

  Scenario: A file uploaded to a bucket the environment does not know
    Given the file "positions/valid.csv" is uploaded to "s3://raw/positions/${scenarioId}.csv"

  Scenario: No object in a bucket that does not exist is no pass
    Then no object exists at "s3://raw/positions/${scenarioId}.csv"

  Scenario: A placeholder naming a bucket the environment does not know
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:raw}", "key": "positions/date=${today}/${scenarioId}.csv" }
      """
    Then the execution succeeds within 1 minute

  Scenario: A query on a database the environment does not know
    When the query is run:
      """sql
      SELECT count(*) AS n FROM ${database:staging}.positions
      """
    Then the query returns 1 row

  Scenario: A check on a table of a database the environment does not know
    Then the column "account_id" of "staging.positions" has no nulls

  Scenario: Control — a physical bucket name the environment maps
    Then no object exists at "s3://${bucket:landing}/nothing/${scenarioId}.csv"
