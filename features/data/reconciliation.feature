@epic:data @story:source-to-sink @owner:data-platform
Feature: Curated positions reconcile with the landed file

  Every position landed in S3 reaches curated.positions unchanged: same keys, same quantities,
  market values within a cent — computed inside Athena, never by downloading tables.

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    And the value "s3://${bucket:landing}/positions/inbound/date=${today}/${scenarioId}.csv" is remembered as "landedFile"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/inbound/date=${today}/${scenarioId}.csv"] } }
      """

  @severity:critical @req=DL-201
  Scenario: Key-level reconciliation with a tolerance on amounts
    Then the file "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" reconciles with the table "curated.positions" where "as_of_date = DATE '${today}' AND source_file = '${landedFile}'":
      | source column | target column | rule  |
      | account_id    | account_id    | key   |
      | security_id   | security_id   | key   |
      | quantity      | quantity      | equal |
      | currency      | currency      | equal |
      | market_value  | market_value  | 0.01  |

  @severity:critical @req=DL-202
  Scenario: Control totals match
    Then the row count of "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" equals the row count of "curated.positions" where "as_of_date = DATE '${today}' AND source_file = '${landedFile}'"
    And the sum of "market_value" in "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" equals the sum of "market_value" in "curated.positions" where "as_of_date = DATE '${today}' AND source_file = '${landedFile}'"
    And the sum of "quantity" in "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" equals the sum of "quantity" in "curated.positions" where "source_file = '${landedFile}'"
